"""Every write of the activities and their attendance. An activity is a gathering of the
registry's one record of meetings and activities (registry/orglife, docs/orglife.md#activities):
these functions say what the activity pages do in its terms and leave the writing — with its
history rows, in one transaction — to registry.orglife.services. Views check scope (through the
selectors) before they call these.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.models import Gathering, Member
from registry.orglife import services as orglife_services

# The activity form's names for the gathering's fields, to show a refusal next to the field typed.
FORM_FIELDS = {"topic": "title", "organization": "organizer"}


def _as_the_form_says(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({FORM_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()})


@transaction.atomic
def activity_create(*, data: dict, kind: str, actor) -> Gathering:
    """A new gathering of `data["organization"]`, of one kind."""
    try:
        return orglife_services.gathering_create(data=data, kinds=[kind], actor=actor)
    except ValidationError as error:
        raise _as_the_form_says(error) from None


@transaction.atomic
def activity_update(*, activity: Gathering, data: dict, kind: str, actor, version: str | None = None) -> list[str]:
    """Changes the gathering; its kinds become `kind` unless it already counts as that kind (a
    meeting of several kinds, edited here, keeps them)."""
    kinds = [row.kind for row in activity.kinds.all()]
    try:
        return orglife_services.gathering_update(
            gathering=activity,
            data=data,
            kinds=None if kind in kinds else [kind],
            actor=actor,
            version=version,
        )
    except ValidationError as error:
        raise _as_the_form_says(error) from None


@transaction.atomic
def attendance_add(*, activity: Gathering, members: Iterable[Member], actor, reason: str = "") -> list[Member]:
    """Marks members present (those already recorded are left as they are); the members added."""
    return orglife_services.attendance_add(gathering=activity, members=members, actor=actor, reason=reason)


@transaction.atomic
def attendance_remove(*, activity: Gathering, member: Member, actor) -> bool:
    return orglife_services.attendance_remove(gathering=activity, member=member, actor=actor)
