"""Shared by the keeping-in-touch tests."""

import datetime

from django.utils import translation
from django.utils.translation import gettext

from branches import clock

FUTURE_MESSAGE = "The date cannot be in the future: enter the day it happened (today at the latest)."


def shown(msgid: str) -> str:
    """A message as the (Chinese by default) interface shows it: the catalog's translation once the
    lead has translated it, the English msgid until then."""
    with translation.override("zh-hans"):
        return gettext(msgid)


today = clock.today  # the registry's one today (branches/clock.py)


def year_refused(first: int = 2000, last: int = 2100) -> str:
    """What a year field says to a value that is no year from `first` to `last` (the outreach's
    years by default; branches.filtering.YearField)."""
    example = min(max(today().year, first), last)
    return shown("Enter a year from %(first)s to %(last)s, for example %(example)s.") % {
        "first": first,
        "last": last,
        "example": example,
    }


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def tomorrow() -> str:
    return (today() + datetime.timedelta(days=1)).isoformat()


REQUIRED = "必填"  # Django's own "This field is required." in Chinese (这个字段是必填项。)
