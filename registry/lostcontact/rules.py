"""The rules of lost contact (docs/lifecycle.md#lost-contact): a case opens once, closes when the
member is found on or after the day they were lost, and 停止党籍 follows 6 months lost
[《中国共产党党员教育管理工作条例》 art. 24: 与党组织失去联系6个月以上、经多方查找仍然没有取得联系的,
应当停止其党籍]; a suspended member still not found after 2 years is for the branch to remove
(自行脱党除名, of which lost contact). A member settled abroad (reason ⑤) may be suspended without
waiting the 6 months.

Pure functions of the facts (registry/movements/facts.py), asked by the movement rules for the
events 失联, 恢复联系 and 停止党籍, and by the work lists for their days.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from registry.development.rules import add_months
from registry.models import LostContactCase
from registry.movements.facts import Event, MemberState, Refusal

Reason = LostContactCase.Reason
# The words registers use for the reasons, and the circled numbers (① … ⑦).
REASON_WORDS = {
    "外出务工经商": Reason.WORK,
    "外出务工": Reason.WORK,
    "外出经商": Reason.WORK,
    "单位改制": Reason.RESTRUCTURED,
    "破产": Reason.RESTRUCTURED,
    "毕业后去向不明": Reason.GRADUATED,
    "毕业": Reason.GRADUATED,
    "工作变动": Reason.JOB_CHANGE,
    "出国": Reason.ABROAD,
    "出境": Reason.ABROAD,
    "定居国外": Reason.ABROAD,
    "搬迁": Reason.MOVED,
    "其他": Reason.OTHER,
}
CIRCLED = "①②③④⑤⑥⑦"


def suspend_after_months() -> int:
    """Lost this many months (settings.REGISTRY_LOST_CONTACT_SUSPEND_MONTHS, default 6: 教育条例 art. 24)."""
    return int(getattr(settings, "REGISTRY_LOST_CONTACT_SUSPEND_MONTHS", 6))


def lapse_after_years() -> int:
    """Suspended this many years and not found (settings.REGISTRY_SUSPENDED_LAPSE_YEARS, default 2)."""
    return int(getattr(settings, "REGISTRY_SUSPENDED_LAPSE_YEARS", 2))


def may_suspend_from(lost_on: datetime.date) -> datetime.date:
    """The first day 停止党籍 may be decided for a member lost on `lost_on`."""
    return add_months(lost_on, suspend_after_months())


def reason_from_text(text: str) -> tuple[str, str]:
    """(the reason ① to ⑦, the words given) from a register's 原因 cell: a circled number, a digit
    1–7 or the reason's words; anything else is ⑦ other, with its words kept."""
    text = (text or "").strip()
    if not text:
        return Reason.OTHER, ""
    first = text[0]
    if first in CIRCLED:
        return str(CIRCLED.index(first) + 1), text[1:].strip(" 、.．")
    if first in "1234567" and (len(text) == 1 or not text[1].isdigit()):
        return first, text[1:].strip(" 、.．")
    for words, reason in REASON_WORDS.items():
        if words in text:
            return reason, text
    return Reason.OTHER, text


def lost_contact_refusals(state: MemberState, event: Event) -> list[Refusal]:
    if state.lost_on is None:
        return []
    return [
        Refusal(
            "",
            "already_lost_contact",
            _(
                "%(name)s is already lost contact since %(since)s: record the searches on that case, or that "
                "contact was restored (on %(since)s or later) before a new case."
            )
            % {"name": state.name, "since": state.lost_on.isoformat()},
        )
    ]


def contact_found_refusals(state: MemberState, event: Event) -> list[Refusal]:
    if state.lost_on is None:
        return [
            Refusal(
                "",
                "contact_found_without_case",
                _("Contact restored on %(date)s needs a lost-contact case: %(name)s is not marked as lost contact.")
                % {"name": state.name, "date": event.date.isoformat()},
            )
        ]
    if event.date < state.lost_on:
        return [
            Refusal(
                "date",
                "found_before_lost",
                _("Contact restored on %(date)s is before contact was lost (%(since)s): on %(since)s or later.")
                % {"date": event.date.isoformat(), "since": state.lost_on.isoformat()},
            )
        ]
    return []


def suspension_refusals(state: MemberState, event: Event) -> list[Refusal]:
    """停止党籍 follows a lost-contact case of 6 months or more (教育条例 art. 24); settled abroad (⑤)
    does not wait."""
    if state.lost_on is None:
        return [
            Refusal(
                "",
                "suspension_without_case",
                _(
                    "停止党籍 (%(date)s) is decided for a member lost contact for %(months)d months or more after a "
                    "search [教育条例 art. 24]: %(name)s has no open lost-contact case. Record the lost contact "
                    "first (for a member settled abroad, with reason ⑤)."
                )
                % {"name": state.name, "date": event.date.isoformat(), "months": suspend_after_months()},
            )
        ]
    earliest = may_suspend_from(state.lost_on)
    if state.lost_reason != Reason.ABROAD and event.date < earliest:
        return [
            Refusal(
                "date",
                "suspension_too_soon",
                _(
                    "停止党籍 follows %(months)d months lost contact [教育条例 art. 24]: %(name)s was lost on "
                    "%(since)s, so on %(earliest)s or later."
                )
                % {
                    "name": state.name,
                    "months": suspend_after_months(),
                    "since": state.lost_on.isoformat(),
                    "earliest": earliest.isoformat(),
                },
            )
        ]
    return []


def search_refusals(
    *, lost_on: datetime.date, is_open: bool, date: datetime.date, today: datetime.date
) -> list[Refusal]:
    """A search is recorded on an open case, dated on or after the day contact was lost, not in the future."""
    found = []
    if not is_open:
        found.append(
            Refusal("date", "case_closed", _("This lost-contact case is closed: a search is recorded on an open case."))
        )
    if date < lost_on:
        found.append(
            Refusal(
                "date",
                "search_before_lost",
                _("A search on %(date)s is before contact was lost (%(since)s): on %(since)s or later.")
                % {"date": date.isoformat(), "since": lost_on.isoformat()},
            )
        )
    if date > today:
        found.append(
            Refusal(
                "date",
                "future",
                _("A search on %(date)s is in the future: record it on or after the day it is made.")
                % {"date": date.isoformat()},
            )
        )
    return found
