"""The demo lives in the present: seeded on any day (`seed_demo --as-of`, default today), it shows
what it is meant to show on that day — members paid up to last month and some 3 and 6 months
behind, a notice running and one held by an objection, an approval overdue, a probation ending
within the month, last half year's letters sent, this year's balance with movements in it,
certificates due for review — and its figures add up.

The days are the awkward ones: the turn of the year, 29 February, the half-year turn (30 June and
1 July, when "last half year" changes), 31 December and another 31st. Each test moves the clock to
its day (`on_day`), so the pages' and selectors' today is the demo's day, as for an office that
loads the demo that morning.

Seeding the demo takes 8-15 seconds, so that `make test` stays within its budget it seeds one of
the days, 29 February, on SQLite (the demo's database; on PostgreSQL the demo is seeded on the
suite's day for the sweeps: tests/conftest.py ONE_DATABASE); REGISTRY_CALENDAR_DAYS=all seeds all
six, as .ci/run's calendar stage does (with the wall clock moved months and a year ahead, and the
suite's own day moved too)."""

import datetime
import json
import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from branches import clock
from outreach.certificates import selectors as certificate_selectors
from outreach.letters.drafting import last_completed_half
from outreach.models import LiaisonLetter
from registry.management.commands.seed_demo import build_plan
from registry.models import DemoSeed, Movement, Notice

ALL_DAYS = (
    datetime.date(2027, 1, 1),
    datetime.date(2028, 2, 29),
    datetime.date(2027, 6, 30),
    datetime.date(2027, 7, 1),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 3, 31),
)
DAYS = ALL_DAYS if os.environ.get("REGISTRY_CALENDAR_DAYS") == "all" else (datetime.date(2028, 2, 29),)

# The work lists the demo means to fill on every day (registry_stats --json `worklists`).
FILLED_WORKLISTS = (
    "talks_overdue",
    "assessments_due",
    "activists_ready",
    "notices_running",
    "notices_ended",
    "approvals_waiting",
    "approvals_overdue",
    "probations_ending",
)


def stats(*args) -> dict:
    out = StringIO()
    call_command("registry_stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.calendar
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_seeded_on_an_awkward_day_shows_what_it_means_to(day, on_day, db, client):
    on_day(day)
    assert clock.today() == day
    out = StringIO()
    call_command("seed_demo", "--with-users", stdout=out)
    assert day.isoformat() in out.getvalue()
    assert DemoSeed.objects.get().as_of == day

    figures = stats()
    members = figures["members"]
    assert members["total"] == 414
    assert sum(members["by_category"].values()) == members["total"] == members["full"] + members["probationary"]

    dues = figures["dues"]
    assert dues["paid_up"] > 100, dues  # most branches paid up to last month
    assert dues["unpaid_3_months"] > dues["unpaid_6_months"] > 0, dues
    assert dues["paid_up"] + dues["unpaid_3_months"] + dues["unknown"] <= members["total"]

    worklists = figures["worklists"]
    empty = [key for key in FILLED_WORKLISTS if not worklists[key]]
    assert empty == [], worklists
    held = Notice.objects.filter(
        decided_on__isnull=True, objections__resolved_on__isnull=True, objections__isnull=False
    )
    assert held.exists()  # a notice held by an open objection

    balance = figures["balance"]
    assert balance["year"] == day.year
    assert balance["start"] + balance["arrived"] - balance["left"] == balance["end"] == members["total"]
    assert balance["arrived"] > 0  # this year's balance has movements in it, even on 1 January
    assert Movement.objects.filter(date__year=day.year).exists()
    assert not Movement.objects.filter(date__gt=day).exists()

    year, half = last_completed_half(day)
    letters = LiaisonLetter.objects.filter(year=year, half=half)
    assert letters.count() > 30
    assert all(letter.is_sent and letter.sent_on <= day for letter in letters)

    staff = get_user_model().objects.get(username="staff")
    certificates = certificate_selectors.certificate_figures(staff, today=day)
    assert certificates["due"] > 0 and certificates["overdue"] > 0

    # The home page shows the same day's figures: no error, and the paid-up count as counted above.
    client.force_login(staff)
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert str(dues["paid_up"]) in page.content.decode()


def test_the_same_day_yields_the_same_demo_and_another_day_another():
    day = clock.today()
    first, second = build_plan(day), build_plan(day)
    assert first == second
    later = build_plan(day + datetime.timedelta(days=40))
    assert [row["name"] for row in later.members] == [row["name"] for row in first.members]
    assert later.members[0]["dues_paid_through"] > first.members[0]["dues_paid_through"]


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2999-01-01", "1899-01-01"])
def test_as_of_refuses_what_is_not_a_day_that_has_come(value, db):
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", "--as-of", value, stdout=StringIO())
    message = str(refused.value)
    assert value in message and any(
        "\u4e00" <= character <= "\u9fff" for character in message
    )  # says which, in Chinese
    assert not DemoSeed.objects.exists()


def test_a_demo_loaded_long_ago_says_how_old_it_is_and_how_to_load_it_afresh(db):
    DemoSeed.objects.create(as_of=clock.today() - datetime.timedelta(days=40))
    out = StringIO()
    call_command("seed_demo", stdout=out)  # today's demo is not added beside it
    assert DemoSeed.objects.count() == 1 and not Movement.objects.exists()
    text = out.getvalue()
    assert "40" in text and (clock.today() - datetime.timedelta(days=40)).isoformat() in text
    assert "db.sqlite3" in text and "make run" in text
