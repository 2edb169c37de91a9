"""The demo committee's development story (docs/lifecycle.md#development), dated by the day the demo
describes (`seed_demo --as-of`, default today): candidates at every stage in several branches, a notice running, one
held by an open objection, a notice ended and waiting for its decision, an approval overdue, a
probation ending this month, a probation extended when it ended (and the extension approved), a
member made full this year; the steps around admission recorded for each candidate who has come
that far (political review, training, pre-review, application form, the branch meeting's vote,
the higher committee's talk, the oath).

Deterministic and idempotent: the people are drawn from a seeded generator; a candidate whose ID
number is already there is left alone, so a second run writes nothing.

The demo's roster stays at article 000's 414 members: the admitted candidates are members the
roster already holds (self-managed, probationary or made full this year), linked to their
candidate record with their own 入党时间 as the admission date. So that a probation has been
extended and another ends in the coming weeks, `with_development` moves the planned 入党时间 of
the two earliest self-managed probationary members, before the roster is loaded (each is created
with it; nothing else of the plan changes): the first to EXTENDED_MONTHS_AGO months before the
demo's day — its year of probation ended three months ago and was extended by EXTENSION_MONTHS
a week later, so it is still probationary —, the second to a year before the demo's day plus
ENDING_IN_DAYS.

On the demo's day a notice is running (it started NOTICE_STARTED_DAYS_AGO days before), another is
held by an open objection, an admission notice has ended and waits for its decision, an approval
is overdue and a probation ends within the month.
"""

import datetime
import random

from django.db import transaction

from branches.models import Organization
from fixtures import demo
from registry.development import rules, selectors, services
from registry.development.forms import default_notice_text
from registry.idnumbers import id_check_character
from registry.models import Candidate, Member

ENDING_IN_DAYS = 10  # the probation that ends within the month (the work list looks a month ahead)
EXTENDED_MONTHS_AGO = 15  # the probation extended when it ended, three months before the demo's day …
EXTENSION_MONTHS = 6  # … by six months: it ends three months after it
NOTICE_STARTED_DAYS_AGO = 3  # the running notice: 10 days from 3 days ago
BRANCHES = (
    "北京龙岩企业商会党支部",
    "北京福建木业商会党支部",
    "北京福建金融投资商会党支部",
    "北京闽建建材市场有限公司党支部",
)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _person(rng: random.Random, taken: set) -> tuple[str, str]:
    male = rng.random() < 0.6
    pool = demo.GIVEN_MALE if male else demo.GIVEN_FEMALE
    surname = rng.choices([s for s, _ in demo.SURNAMES], [w for _, w in demo.SURNAMES])[0]
    name = surname + rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
    while True:
        birth = datetime.date(rng.randint(1988, 2003), rng.randint(1, 12), rng.randint(1, 28))
        serial = rng.randint(0, 99)
        county = rng.choice(["102", "181", "521", "583", "802"])
        first17 = f"350{county}{birth:%Y%m%d}{serial:02d}{rng.randrange(0, 10, 2) + (1 if male else 0)}"
        number = first17 + id_check_character(first17)
        if number not in taken:
            taken.add(number)
            return name, number


def _plan(rng: random.Random, t: datetime.date) -> list[dict]:
    """The candidates who are not on the roster, by branch and stage, with what happened to them."""
    taken: set = set()
    plans = [
        # applicants: one waiting for the talk past a month, one talked to
        {"branch": 0, "applied": t - _days(50)},
        {"branch": 1, "applied": t - _days(20), "talked": t - _days(8)},
        {"branch": 2, "applied": t - _days(120), "talked": t - _days(100)},
        # activists: one due for the half-yearly assessment, one with a year behind them whose
        # target notice is running, one whose notice is held by an open objection
        {"branch": 2, "applied": t - _days(260), "talked": t - _days(240), "activist": t - _days(200), "contacts": 1},
        {
            "branch": 0,
            "applied": t - _days(480),
            "talked": t - _days(460),
            "activist": t - _days(400),
            "contacts": 2,
            "assessments": (t - _days(220), t - _days(40)),
            "notice": ("target", t - _days(NOTICE_STARTED_DAYS_AGO)),
        },
        {
            "branch": 1,
            "applied": t - _days(560),
            "talked": t - _days(540),
            "activist": t - _days(500),
            "contacts": 2,
            "assessments": (t - _days(320), t - _days(140)),
            "notice": ("target", t - _days(30)),
            "objection": (t - _days(25), "有群众反映其在企业考勤方面存在问题，请支部核实。"),
        },
        {"branch": 3, "applied": t - _days(300), "talked": t - _days(280), "activist": t - _days(250), "contacts": 1},
        # development targets: one whose admission notice has ended, one just chosen
        {
            "branch": 2,
            "applied": t - _days(900),
            "talked": t - _days(880),
            "activist": t - _days(800),
            "contacts": 2,
            "target": t - _days(300),
            "assessments": (t - _days(620), t - _days(440), t - _days(200)),
            # the steps before admission, all recorded: the notice follows the pre-review
            "political_review_on": t - _days(200),
            "training_completed_on": t - _days(180),
            "training_hours": 32,
            "pre_reviewed_on": t - _days(60),
            "application_form_on": t - _days(45),
            "notice": ("admission", t - _days(20)),
        },
        {
            "branch": 3,
            "applied": t - _days(800),
            "talked": t - _days(780),
            "activist": t - _days(700),
            "contacts": 1,
            "target": t - _days(90),
            # just chosen: reviewed and trained, the pre-review still to come
            "political_review_on": t - _days(40),
            "training_completed_on": t - _days(25),
            "training_hours": 24,
        },
    ]
    for plan in plans:
        plan["name"], plan["id_number"] = _person(rng, taken)
        plan["contact_persons"] = "、".join(_person(rng, taken)[0] for _ in range(plan.pop("contacts", 0)))
    return plans


STEPS = ("political_review_on", "training_completed_on", "training_hours", "pre_reviewed_on", "application_form_on")


def _path_before(admitted: datetime.date) -> dict:
    """Plausible earlier stages for someone admitted on `admitted`, with the steps before admission."""
    target = admitted - _days(200)
    activist = rules.add_years(target, -1) - _days(40)
    return {
        "applied": activist - _days(90),
        "talked": activist - _days(70),
        "activist": activist,
        "target": target,
        "political_review_on": target + _days(60),
        "training_completed_on": target + _days(75),
        "training_hours": 24,
        "pre_reviewed_on": target + _days(110),
        "application_form_on": target + _days(120),
    }


def _vote(organization, admitted: datetime.date) -> dict:
    """The branch meeting's vote on the day, its members with a vote counted from the roster as the
    registry counts them (selectors.voters_on): most present, all of those for. None recorded for a
    branch where no one has a vote."""
    expected = len(selectors.voters_on(organization, admitted))
    if not expected:
        return {}
    present = expected - expected // 4
    return {"vote_expected": expected, "vote_present": present, "vote_for": present}


def with_development(plan, as_of: datetime.date):
    """The demo plan, with the one 入党时间 the development story needs (see above)."""
    probationary = sorted(
        (
            row
            for row in plan.members
            if row["category"] == Member.Category.SELF_MANAGED and row["status"] == Member.Status.PROBATIONARY
        ),
        key=lambda row: (row["joined"], row["id_number"]),
    )
    if len(probationary) > 1:
        probationary[0]["joined"] = rules.add_months(as_of, -EXTENDED_MONTHS_AGO)
        probationary[1]["joined"] = rules.add_years(as_of, -rules.PROBATION_YEARS) + _days(ENDING_IN_DAYS)
    # The members `_admitted_members` links to their candidate were admitted here: on the roster from the
    # admission (登记时间 = 入党时间, as candidate_admit writes it), so that the annual statistics count
    # them as developed here (docs/statistics.md#demo).
    probationary.sort(key=lambda row: (row["joined"], row["id_number"]))
    made_full = sorted(
        (
            row
            for row in plan.members
            if row["category"] == Member.Category.SELF_MANAGED
            and row["status"] == Member.Status.FULL
            and row.get("made_full") is not None
            and row["made_full"].year == as_of.year
            and row.get("joined_precision", "day") == "day"
        ),
        key=lambda row: (row["joined"], row["id_number"]),
    )
    for row in probationary[:3] + made_full[:1]:
        row["registered_on"] = row["joined"]
    return plan


def _admitted_members(as_of: datetime.date) -> list[tuple[Member, dict]]:
    """Members of the demo roster who came through development here, with the rest of their path."""
    self_managed = Member.objects.filter(category=Member.Category.SELF_MANAGED).order_by("joined", "id_number")
    probationary = list(self_managed.filter(status=Member.Status.PROBATIONARY)[:3])
    made_full = self_managed.filter(
        status=Member.Status.FULL, made_full__year=as_of.year, joined_precision="day"
    ).first()
    chosen = []
    if len(probationary) > 1:
        chosen.append((probationary[0], {"approved": True, "extended": True}))  # extended when it ended
        chosen.append((probationary[1], {"approved": True}))  # the probation that ends within the month
    if len(probationary) > 2:
        chosen.append((probationary[2], {"approved": False}))  # waiting past the 3 months
    if made_full is not None:
        chosen.append((made_full, {"approved": True, "full": True}))
    return chosen


def _form_number(issued: datetime.date, serial: int) -> str:
    """An application form's number (入党志愿书编号) as the committee numbers them: year and serial."""
    return f"{issued.year}{serial + 1:04d}"


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Creates the demo's candidates that are not there yet; returns how many."""
    plans = _plan(random.Random(f"{demo.SEED}:development"), as_of)
    branches = {organization.name: organization for organization in Organization.objects.filter(name__in=BRANCHES)}
    existing = set(Candidate.objects.values_list("id_number", flat=True))
    reason = demo.REASON
    created = 0
    for plan in plans:
        organization = branches.get(BRANCHES[plan["branch"]])
        if organization is None or plan["id_number"] in existing:
            continue
        data = {
            key: plan.get(key)
            for key in ("name", "id_number", "applied", "talked", "activist", "contact_persons", "target", *STEPS)
        }
        if data.get("application_form_on"):
            data["application_form_number"] = _form_number(data["application_form_on"], created)
        data["contact_persons"] = data["contact_persons"] or ""
        candidate = services.candidate_from_ledger(
            data={**data, "organization": organization}, candidate=None, member=None, actor=None, reason=reason
        )
        for day in plan.get("assessments", ()):
            services.assessment_add(
                candidate=candidate,
                assessed_on=day,
                assessor=plan["contact_persons"] or "支部委员会",
                remark="表现良好，能按时参加组织活动。",
                actor=None,
            )
        if "notice" in plan:
            decision, starts_on = plan["notice"]
            notice = services.notice_start(
                candidate=candidate,
                decision=decision,
                starts_on=starts_on,
                text=default_notice_text(candidate, decision),
                actor=None,
            )
            if "objection" in plan:
                raised_on, text = plan["objection"]
                services.objection_add(notice=notice, raised_on=raised_on, text=text, actor=None)
        created += 1
    for member, story in _admitted_members(as_of):
        if member.id_number in existing:
            continue
        admitted = member.joined
        data = {
            "name": member.name,
            "id_number": member.id_number,
            "organization": member.organization,
            "phone": member.phone,
            **_path_before(admitted),
            "admitted": admitted,
            **_vote(member.organization, admitted),
            "committee_talk_on": admitted + _days(20),
            "contact_persons": "",
            "introducers": "",
        }
        data["application_form_number"] = _form_number(data["application_form_on"], created)
        if story.get("approved"):
            data["approved"] = admitted + _days(45)
            data["oath_on"] = admitted + _days(60)
        if story.get("extended"):  # decided a week after the year ended, approved a month later
            data["probation_extension_months"] = EXTENSION_MONTHS
            data["probation_extended_on"] = rules.end_of_probation(admitted) + _days(7)
            data["extension_approved"] = data["probation_extended_on"] + _days(30)
        if story.get("full"):
            data["made_full"] = member.made_full
        services.candidate_from_ledger(data=data, candidate=None, member=member, actor=None, reason=reason)
        created += 1
    return created
