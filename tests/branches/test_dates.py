"""One rule for every date field (issue 20 §7, branches/dates.py): not before 1900, party dates not
before 1921, what has happened not after today — swept over every date field of every model."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError

from branches import clock
from branches.dates import is_date_field
from branches.services import validate_record

APPS = ("branches", "registry", "outreach")
PARTY = {
    "registry.Member.joined",
    "registry.Member.made_full",
    "registry.Candidate.admitted",
    "registry.Candidate.made_full",
}
HAPPENED = {
    "branches.Organization.established",
    "branches.Chamber.established",
    "registry.Member.made_full",
    "registry.DuesEntry.paid_on",
}


def date_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                for field in model._meta.local_fields:
                    if is_date_field(field):
                        yield f"{model._meta.label}.{field.name}", field


def refuses(field, value) -> bool:
    try:
        field.run_validators(value)
    except ValidationError:
        return True
    return False


def test_no_date_field_takes_the_year_0001_and_each_takes_1900():
    fields = dict(date_fields())
    assert len(fields) > 90 and set(fields) >= PARTY | HAPPENED
    assert [name for name, field in fields.items() if not refuses(field, datetime.date(1, 1, 1))] == []
    assert [name for name, field in fields.items() if refuses(field, datetime.date(1900, 1, 1))] == [
        name for name in fields if name in PARTY
    ]


def test_party_dates_begin_in_1921_and_what_has_happened_ends_today():
    fields = dict(date_fields())
    for name in PARTY:
        assert refuses(fields[name], datetime.date(1920, 12, 31)) and not refuses(
            fields[name], datetime.date(1921, 7, 1)
        )
    tomorrow = clock.today() + datetime.timedelta(days=1)
    for name in HAPPENED:
        assert refuses(fields[name], tomorrow) and not refuses(fields[name], clock.today()), name
    assert not refuses(fields["registry.Movement.expires_on"], tomorrow)  # a letter valid into the future


@pytest.mark.django_db
def test_every_write_through_the_services_checks_them(members, tree):
    member = members["fuzhou_1"][0]
    member.made_full = datetime.date(2099, 12, 31)  # 转正时间 2099-12-31, as typed on the member form
    with pytest.raises(ValidationError) as caught:
        validate_record(member)
    assert "made_full" in caught.value.message_dict
    organization = tree["fuzhou_1"]
    organization.established = datetime.date(2099, 1, 1)
    with pytest.raises(ValidationError) as caught:
        validate_record(organization)
    assert "established" in caught.value.message_dict


@pytest.mark.parametrize("utc_hour", [1, 12, 20])  # Shanghai's date is UTC's, or the next day's from 16:00 UTC
def test_after_today_is_a_date_after_the_committees_today_at_any_hour(utc_hour):
    """clock.after_today (the imports' check of a birth date or 登记时间) says what `day > today()`
    says, also when Shanghai's date is a day ahead of UTC's, without asking the time zone for the past."""
    moment = datetime.datetime.combine(clock.today(), datetime.time(utc_hour), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        today = clock.today()
        for offset in (-400, -2, -1, 0, 1, 2):
            day = today + datetime.timedelta(days=offset)
            assert clock.after_today(day) is (day > today), (utc_hour, offset)
