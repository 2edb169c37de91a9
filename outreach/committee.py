"""The committee whose heading the papers carry (letters, requests, applications)."""

from branches.models import Organization


def committee_of_record() -> Organization | None:
    """The top party committee of the tree (docs/domain.md#liaison-letters: the local committee writes the letters)."""
    return (
        Organization.objects.filter(level=Organization.Level.COMMITTEE, parent__isnull=True)
        .select_related("chamber")
        .order_by("path")
        .first()
    )
