"""Every read of members that a view or export needs, already scoped to the user."""

from django.db.models import QuerySet

from branches import access
from registry import statistics
from registry.models import Member


def members_visible_to(user) -> QuerySet[Member]:
    return Member.objects.filter(access.organization_scope(user))


def statistics_for(*, user) -> dict:
    """Headline figures of what this user may see (chambers and enterprises for the committee only)."""
    return statistics.registry_figures(
        members=members_visible_to(user),
        organizations=access.visible_organizations(user),
        include_chambers=access.sees_everything(user),
    )
