"""A secretary guessing URLs: every route that names a record (`<pk>`), filled with a record of
another branch -- or one only the committee office keeps -- answers 403 or 404, on GET and on POST,
and changes nothing. The routes come from the URLconf (tests/crawling.py), so a new page is tried
the day it is added."""

import pytest
from django.db.models import ForeignKey, Model

from branches import access
from branches.models import Chamber, Enterprise, Organization
from registry.models import SurveyRound
from tests import crawling

# Records that belong to no branch and that every role reads: the chambers, their member
# enterprises and the survey rounds (each secretary fills in their own organizations' counts).
SHARED = {Chamber, Enterprise, SurveyRound}
# Links to ignore when looking for a record's organization: who made or decided it, not whose it is.
NOT_OWNERS = {"user", "requested_by", "actor", "decided_by", "created_by", "history_user"}
REFUSED = {403, 404}


def organization_path(model: type[Model], prefix: str = "", depth: int = 0) -> str | None:
    """The lookup from `model` to the organization it belongs to ("member__organization"), if any."""
    if model is Organization:
        return prefix.removesuffix("__") or "pk"
    if depth > 2:
        return None
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey) and field.name not in NOT_OWNERS:
            found = organization_path(field.related_model, f"{prefix}{field.name}__", depth + 1)
            if found:
                return found
    return None


@pytest.fixture
def secretary(demo_db, django_user_model):
    staff = django_user_model.objects.get(username="staff")
    crawling.plant_import_run(staff)  # a run the secretary did not start
    crawling.plant_export_job(staff)  # an export the secretary did not ask for
    crawling.plant_checkin(staff)
    return django_user_model.objects.get(username="secretary")


def outside(secretary):
    """A chooser of records the secretary may not reach: of an organization outside their subtree,
    or, for what belongs to no organization (import runs, logins, comparisons, letter files), any
    row they did not make themselves."""

    def pick(rows):
        model = rows.model
        path = organization_path(model)
        if path is not None:
            scope = access.organization_scope(secretary, prefix="" if path == "pk" else f"{path}__")
            return rows.exclude(scope).order_by("pk").first()
        owner = next((name for name in ("user", "requested_by") if hasattr(model, name)), None)
        if owner:
            return rows.exclude(**{owner: secretary}).order_by("pk").first()
        return (
            rows.exclude(pk=secretary.pk).order_by("pk").first()
            if model is type(secretary)
            else rows.order_by("pk").first()
        )

    return pick


def guessed(client, user) -> tuple[int, list]:
    """Every route naming a record (`<pk>`), filled with a record outside what `user` sees, asked for
    by GET (POST where GET is not allowed) as `user` (logged in on `client`): (how many were tried,
    the (route, url, status) of those not refused)."""
    tried, reached = 0, []
    for route in crawling.routes():
        if "pk" not in route.arguments or route.is_open or route.heavy:
            continue
        if crawling.rows_for(route).model in SHARED:
            continue
        for url in crawling.urls(route, pick=outside(user)):
            tried += 1
            got = client.get(url).status_code
            if got == 405:
                got = client.post(url).status_code
            if got not in REFUSED:
                reached.append((route.name, url, got))
    return tried, reached


def test_a_secretary_reaches_no_record_of_another_branch_by_its_url(secretary, client):
    client.force_login(secretary)
    tried, reached = guessed(client, secretary)
    assert tried > 50  # the sweep reached the routes
    assert reached == []


def test_the_chooser_picks_records_outside_the_secretarys_branch(secretary):
    """The sweep above would pass vacuously if the chooser picked the secretary's own records."""
    from registry.models import Member

    member = outside(secretary)(Member.objects.all())
    assert member is not None
    assert not Member.objects.filter(access.organization_scope(secretary), pk=member.pk).exists()
    own = Member.objects.filter(access.organization_scope(secretary)).first()
    assert own is not None and own.pk != member.pk
