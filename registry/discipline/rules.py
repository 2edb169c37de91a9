"""The rules of discipline (docs/lifecycle.md#discipline), said once for the form (through the
service) and for the discipline register's import.

党章 art. 41 [纪律处分条例 art. 8, 11]: five kinds — 警告, 严重警告, 撤销党内职务, 留党察看 (one year or
two), 开除党籍 — decided by the organization holding the membership [党章 art. 42]; for a member whose
membership is held elsewhere we report to their home organization instead (not_held_here). What
留党察看 takes away is registry.members.rules.under_probation_of_rights.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.members.rules import held_here, not_held_here_message
from registry.models import Discipline

Kind = Discipline.Kind
PROBATION_TERMS = (1, 2)  # years [党章 art. 41: 最长不超过两年; 纪律处分条例 art. 11]


@dataclass(frozen=True)
class Refusal:
    field: str  # the record's field the refusal is about ("" for the whole record)
    code: str  # stable, the import's error code (docs/spreadsheets.md#discipline-columns)
    message: str


def refusals(member, *, kind: str, date: datetime.date, term_years: int | None, today: datetime.date) -> list[Refusal]:
    """What forbids recording discipline of `kind` on `date` for `member` (anything with name,
    category, get_category_display, origin_organization, joined, registered_on, left_on)."""
    found = []
    names = {"name": member.name, "date": date.isoformat(), "kind": Kind(kind).label}
    if member.left_on is not None:
        message = _("%(name)s left the roster on %(left)s: discipline is recorded for a member on the roster.")
        return [Refusal("", "not_on_roster", message % {**names, "left": member.left_on.isoformat()})]
    if not held_here(member):
        message = not_held_here_message(
            name=member.name,
            category=member.get_category_display(),
            origin=member.origin_organization,
            what=_("discipline (党纪处分)"),
        )
        found.append(Refusal("", "not_held_here", message))
    if date > today:
        message = _("%(kind)s on %(date)s is in the future: record a decision on or after the day it is made.")
        found.append(Refusal("date", "future", message % names))
    if member.joined and date < member.joined:
        message = _("%(kind)s on %(date)s is before %(name)s joined the party (%(joined)s): check the date.")
        found.append(Refusal("date", "before_joined", message % {**names, "joined": member.joined.isoformat()}))
    if kind == Kind.EXPULSION and member.registered_on and date < member.registered_on:
        message = _(
            "开除党籍 on %(date)s is before %(name)s registered here (%(registered)s): a departure cannot be dated "
            "before the member came onto our roster."
        )
        found.append(
            Refusal("date", "before_registered", message % {**names, "registered": member.registered_on.isoformat()})
        )
    found.extend(term_refusals(kind, term_years))
    return found


def term_refusals(kind: str, term_years: int | None) -> list[Refusal]:
    """留党察看 is for one year or two [党章 art. 41; 纪律处分条例 art. 11]; the other kinds have no term."""
    if kind == Kind.PROBATION and term_years not in PROBATION_TERMS:
        message = _(
            "留党察看 is for one year or two (at most two years, 党章 art. 41): give a term of 1 or 2 years, "
            "not %(term)s."
        )
        return [Refusal("term_years", "discipline_term", message % {"term": term_years if term_years else "—"})]
    if kind != Kind.PROBATION and term_years:
        message = _("Only 留党察看 has a term: %(kind)s has none (%(term)d years were given).")
        return [Refusal("term_years", "discipline_term", message % {"kind": Kind(kind).label, "term": term_years})]
    return []
