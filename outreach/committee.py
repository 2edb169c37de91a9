"""The committee whose heading the papers carry (letters, requests, applications)."""

from django.db.models import Q

from branches import access
from branches.filtering import id_from
from branches.models import Organization


def committee_of_record() -> Organization | None:
    """The top party committee of the tree (docs/domain.md#liaison-letters: the local committee writes the letters);
    of several, the first made. (Not the first by path: a path is its ids as text, and "/100/" comes
    before "/99/".)"""
    return (
        Organization.objects.filter(level=Organization.Level.COMMITTEE, parent__isnull=True)
        .select_related("chamber")
        .order_by("pk")
        .first()
    )


def committee_over(organization: Organization) -> Organization | None:
    """The committee at the top of `organization`'s tree, whose heading its papers carry (a deployment
    serving several committees); the committee of record when its tree has none at the top."""
    root = id_from((organization.path or "").strip("/").split("/")[0])
    top = Organization.objects.filter(pk=root, level=Organization.Level.COMMITTEE).select_related("chamber").first()
    return top or committee_of_record()


def letters_committee(user) -> Organization | None:
    """The committee that signs the letters `user` drafts: the one they are bound to (a deployment
    serving several committees), else the committee of record."""
    return access.scope_root(user) or committee_of_record()


def letter_members_of(committee: Organization) -> Q:
    """The members a committee's letters report: those of its subtree. The committee of record's
    also report those outside every top committee's tree (a registry serving one committee may keep
    organizations beside it), never those of another top committee."""
    record = committee_of_record()
    if record is None or committee.pk != record.pk:
        return access.subtree_filter(committee, prefix="organization__")
    members = Q()
    for other in Organization.objects.filter(level=Organization.Level.COMMITTEE, parent__isnull=True).exclude(
        pk=committee.pk
    ):
        members &= ~access.subtree_filter(other, prefix="organization__")
    return members
