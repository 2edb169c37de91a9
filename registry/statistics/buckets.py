"""The buckets of the annual statistics' columns and rows (docs/statistics.md): the age bands, the periods of
入党时间, education, and which column each kind of departure, discipline, honour and organization level
fills — the form's edges as data, inclusive at both ends (registry/statistics/rules.py `bucket`)."""

import datetime

from branches.models import Organization
from registry.models import Discipline, Honour, Movement

Kind = Movement.Kind

AGE_BANDS_T2 = (
    (None, 30, "F"),
    (31, 35, "G"),
    (36, 40, "H"),
    (41, 45, "I"),
    (46, 50, "J"),
    (51, 55, "K"),
    (56, 60, "L"),
    (61, 65, "M"),
    (66, 70, "N"),
    (71, None, "O"),
)
AGE_BANDS_T10 = ((None, 35, "4"), (36, 54, "5"), (55, 59, "6"), (60, None, "7"))
AGE_BANDS_T16 = ((None, 25, "D"), (26, 30, "E"), (31, 35, "F"), (36, 40, "G"), (41, 59, "H"), (60, None, "I"))
_d = datetime.date
JOINED_BANDS_T3 = (
    (None, _d(1937, 7, 6), "B"),
    (_d(1937, 7, 7), _d(1945, 9, 2), "C"),
    (_d(1945, 9, 3), _d(1949, 9, 30), "D"),
    (_d(1949, 10, 1), _d(1966, 4, 30), "E"),
    (_d(1966, 5, 1), _d(1976, 10, 31), "F"),
    (_d(1976, 11, 1), _d(1978, 12, 31), "G"),
    (_d(1979, 1, 1), _d(2002, 10, 31), "H"),
    (_d(2002, 11, 1), _d(2012, 10, 31), "I"),
    (_d(2012, 11, 1), None, "J"),
)
JOINED_BANDS_T10 = (
    (None, _d(1966, 4, 30), "8"),
    (_d(1966, 5, 1), _d(1976, 10, 31), "9"),
    (_d(1976, 11, 1), _d(1978, 12, 31), "10"),
    (_d(1979, 1, 1), _d(2002, 10, 31), "11"),
    (_d(2002, 11, 1), _d(2012, 10, 31), "12"),
    (_d(2012, 11, 1), None, "13"),
)
EDUCATION_T4 = {
    "postgraduate": "B",
    "bachelor": "C",
    "college": "D",
    "technical_secondary": "E",
    "high_school": "F",
    "junior_high": "G",
    "primary": "G",
}
EDUCATION_T16 = {value: chr(ord(column) + 8) for value, column in EDUCATION_T4.items()}  # B → J … G → O
T10_COLUMNS = {
    Kind.EXPELLED: "B",
    Kind.WITHDREW: "C",
    Kind.PERSUADED: "D",
    Kind.PERSUASION_REFUSED: "E",
    Kind.LAPSED: "F",
    Kind.PROBATION_CANCELLED: "H",
    Kind.NOT_RECOGNIZED: "I",
}  # Kind.REMOVED (kind not stated) falls in no column: the check A = B + … + I names it
T12_COLUMNS = {
    Discipline.Kind.WARNING: "B",
    Discipline.Kind.SERIOUS_WARNING: "C",
    Discipline.Kind.REMOVAL_FROM_POST: "D",
    Discipline.Kind.PROBATION: "E",
    Discipline.Kind.EXPULSION: "F",
}
T14_ROWS = {
    Honour.Title.ADVANCED_ORGANIZATION: "1",
    Honour.Title.EXCELLENT_MEMBER: "2",
    Honour.Title.EXCELLENT_PARTY_WORKER: "3",
}
T14_LEVELS = {"province": "C", "city": "D", "county": "E", "own": "F", "other": "F"}
T24_LEVELS = {
    Organization.Level.COMMITTEE: "B",
    Organization.Level.GENERAL_BRANCH: "C",
    Organization.Level.BRANCH: "D",
    Organization.Level.JOINT_BRANCH: "D",
}
T8_OUTCOMES = {"correction": "8", "persuaded": "9", "persuasion_refused": "10", "lapsed": "11"}
