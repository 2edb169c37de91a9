"""The checks of the annual statistics (docs/statistics.md#checks): every rule a layout states
(registry/statistics/layouts.py), evaluated on a report's cells — both sides, whether it holds, and
where it does not, the records that make the difference (those on one side and not on the other, as
many times as they differ)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from registry.statistics import layouts

TERM = re.compile(r"^(?:(T[0-9A-Z-]+) )?([A-Z]?)([0-9]*)$")


@dataclass
class Check:
    table: str
    rule: str
    left: int
    right: int
    holds: bool
    # The records on the larger side that the other lacks: (record kind, id), as many times as they differ.
    differing: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {"table": self.table, "rule": self.rule, "holds": self.holds}


def parse_term(text: str, table: str) -> tuple[str, str, str]:
    """(table, row, column) of a term of a rule ("15", "A", "A2", "T2 A1")."""
    match = TERM.match(text.strip())
    if match is None or not (match.group(2) or match.group(3)):
        raise ValueError(f"not a term of a check: {text!r}")
    return match.group(1) or table, match.group(3) or "1", match.group(2) or "A"


def parse(rule: str, table: str) -> tuple[list, str, list]:
    """(left terms, "=" or ">=", right terms); each term (sign, (table, row, column))."""
    operator = ">=" if ">=" in rule else "="
    left_text, right_text = rule.split(operator)

    def side(text: str) -> list:
        terms, sign = [], 1
        for token in re.split(r" ([+-]) ", f" {text.strip()}".replace(" + ", " + ").strip()):
            if token == "+":
                sign = 1
            elif token == "-":
                sign = -1
            else:
                terms.append((sign, parse_term(token, table)))
        return terms

    return side(left_text), operator, side(right_text)


def evaluate(tables: dict) -> list[Check]:
    """Every check of every table in `tables` (a report's {table id: Table}), in the layouts' order.
    A check that names a table the report lacks is left out."""
    found = []
    for layout in layouts.LAYOUTS:
        if layout.id not in tables:
            continue
        for rule in layout.checks:
            left, operator, right = parse(rule, layout.id)
            if any(term[1][0] not in tables for term in (*left, *right)):
                continue
            left_value, right_value = _value(left, tables), _value(right, tables)
            holds = left_value == right_value if operator == "=" else left_value >= right_value
            differing = []
            if not holds:  # the records only where it fails: a check over 100,000 members costs nothing more
                left_records, right_records = _records(left, tables), _records(right, tables)
                over = right_records - left_records if operator == ">=" else _symmetric(left_records, right_records)
                differing = sorted(over.elements())
            found.append(Check(layout.id, rule, left_value, right_value, holds, differing))
        if layout.id == "T1" and tables["T1"].last_year_16 is not None:
            found.append(_last_year(tables["T1"]))
    return found


LAST_YEAR_RULE = "1 = last year's 16"


def _last_year(t1) -> Check:
    """T1 row 1 against last year's row 16 [STATISTICS.md T1]: the members of one and not the other."""
    this_year = Counter((layouts.MEMBER, member_id) for member_id in t1["1"]["A"].ids)
    last_year = Counter((layouts.MEMBER, member_id) for member_id in t1.last_year_16)
    holds = this_year == last_year
    differing = [] if holds else sorted(_symmetric(this_year, last_year).elements())
    return Check("T1", LAST_YEAR_RULE, t1["1"]["A"].count, len(t1.last_year_16), holds, differing)


def _symmetric(one: Counter, other: Counter) -> Counter:
    return (one - other) + (other - one)


def _value(terms: list, tables: dict) -> int:
    return sum(sign * tables[table_id][row][column].count for sign, (table_id, row, column) in terms)


def _records(terms: list, tables: dict) -> Counter:
    records = Counter()
    for sign, (table_id, row, column) in terms:
        kind = layouts.BY_ID[table_id].record_of(row, column)
        counted = Counter((kind, record) for record in tables[table_id][row][column].ids)
        if sign > 0:
            records.update(counted)
        else:
            records.subtract(counted)
    return +records
