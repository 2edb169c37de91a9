"""The rules of honours and representatives (docs/domain.md#honours): pure functions of the facts
they are given, asked by the models' clean() (and so by the forms and the services) and by the
spreadsheet import, before anything is written.

Sources: ORGLIFE.md §5 and article 004 ("选树一批流动党员先进个人，并大张旗鼓地进行表彰"; a mobile member
elected to the district party congress, six to the CPPCC).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The titles (ORGLIFE.md §5): two commend a person, one an organization; a local title (article
# 004: 流动党员先进个人) is "other", with its words, and may commend either.
EXCELLENT_MEMBER = "excellent_member"  # 优秀共产党员
EXCELLENT_PARTY_WORKER = "excellent_party_worker"  # 优秀党务工作者
ADVANCED_ORGANIZATION = "advanced_organization"  # 先进基层党组织
OTHER = "other"  # a local title, named in its own words
PERSON_TITLES = (EXCELLENT_MEMBER, EXCELLENT_PARTY_WORKER)
ORGANIZATION_TITLES = (ADVANCED_ORGANIZATION,)
TITLES = (EXCELLENT_MEMBER, EXCELLENT_PARTY_WORKER, ADVANCED_ORGANIZATION, OTHER)


@dataclass(frozen=True)
class Problem:
    field: str  # the form's (and the model's) field it belongs to
    code: str  # what a program or the import's error column reads
    message: str


def honour_problems(
    *,
    title: str,
    title_text: str,
    for_member: bool,
    posthumous: bool,
    approved: bool,
    date: datetime.date | None,
    today: datetime.date,
) -> list[Problem]:
    """What is wrong with a commendation as described; nothing when it may be kept."""
    found = []
    if title in PERSON_TITLES and not for_member:
        # 优秀共产党员 and 优秀党务工作者 commend a person (ORGLIFE.md §5).
        found.append(Problem("member", "title_needs_member", _("This title commends a party member: name the member.")))
    if title in ORGANIZATION_TITLES and for_member:
        # 先进基层党组织 commends an organization (ORGLIFE.md §5).
        found.append(
            Problem(
                "member",
                "title_needs_organization",
                _("This title commends a party organization, not a member: leave the member empty."),
            )
        )
    if title == OTHER and not title_text.strip():
        # A local title is kept in its own words (article 004: 流动党员先进个人).
        found.append(Problem("title_text", "title_text_required", _("Write the local title, e.g. 流动党员先进个人.")))
    if posthumous and not for_member:
        found.append(
            Problem("posthumous", "posthumous_organization", _("Only a person can be commended posthumously."))
        )
    if approved and date is not None and date > today:
        # An approved commendation has been made: its day has come. A nomination may name a day ahead (七一).
        found.append(Problem("date", "future_date", _("An approved commendation cannot be dated after today.")))
    return found


def representative_problems(*, term_start: datetime.date | None, term_end: datetime.date | None) -> list[Problem]:
    """What is wrong with a representative's term as described."""
    if term_start and term_end and term_end < term_start:
        return [Problem("term_end", "term_order", _("The term cannot end before it starts."))]
    return []


def in_office(*, term_start: datetime.date, term_end: datetime.date | None, day: datetime.date) -> bool:
    """A representative serves from the first day of the term to its last (no end: still serving)."""
    return term_start <= day and (term_end is None or day <= term_end)
