"""Reads of chambers, enterprises and organizations, already scoped and carrying their joins."""

from django.db.models import Prefetch, QuerySet

from branches import access
from branches.models import Chamber, Enterprise, Organization
from branches.statistics import chamber_is_covered, enterprise_has_own_organization


def organizations_for(user) -> QuerySet[Organization]:
    return access.visible_organizations(user).select_related("parent", "chamber").order_by("path")


def organization_detail(user, pk) -> QuerySet[Organization]:
    return organizations_for(user).prefetch_related("host_enterprises").filter(pk=pk)


def chambers_for(user) -> QuerySet[Chamber]:
    """Chambers are public facts about the chamber system: every role may read them."""
    return Chamber.objects.select_related("parent").annotate(covered=chamber_is_covered()).order_by("kind", "name")


def chamber_organizations(user, chamber: Chamber) -> QuerySet[Organization]:
    return organizations_for(user).filter(chamber=chamber)


def enterprises_for(user) -> QuerySet[Enterprise]:
    return (
        Enterprise.objects.select_related("chamber")
        .annotate(has_own_organization=enterprise_has_own_organization())
        .order_by("name")
    )


def enterprise_with_organizations(user) -> QuerySet[Enterprise]:
    return enterprises_for(user).prefetch_related(
        Prefetch("organizations", queryset=organizations_for(user), to_attr="visible_organizations")
    )
