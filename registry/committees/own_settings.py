"""A committee's own frequencies of meetings and terms (registry.models.CommitteeSettings; issue 27 §1):
read once for a page, then asked per organization without a query. An organization follows the
nearest committee above it (or itself) that set the kind or level; else the deployment's settings
(REGISTRY_MEETING_FREQUENCIES, REGISTRY_TERM_YEARS), which keep the national defaults."""

from dataclasses import dataclass, field

from django.db.models import Exists, QuerySet

from branches.models import Organization
from registry.models import CommitteeSettings


@dataclass(frozen=True)
class OwnSettings:
    """Every committee's own settings, by the committee's place in the tree (its path)."""

    by_path: dict[str, CommitteeSettings] = field(default_factory=dict)

    def _nearest(self, organization: Organization | None, attribute: str, key: str):
        if not self.by_path or organization is None:
            return None
        parts = (organization.path or "").strip("/").split("/")
        for end in range(len(parts), 0, -1):
            found = self.by_path.get("/".join(parts[:end]) + "/")
            if found is not None and getattr(found, attribute).get(key):
                return getattr(found, attribute)[key]
        return None

    def frequency(self, kind: str, organization: Organization | None) -> str | None:
        """How often `kind` is owed in `organization` by its committee's own setting (None: the deployment's)."""
        return self._nearest(organization, "meeting_frequencies", kind)

    def term_years(self, level: str, organization: Organization | None) -> int | None:
        """A term's length at `level` in `organization` by its committee's own setting (None: the deployment's)."""
        return self._nearest(organization, "term_years", level)


def own_settings() -> OwnSettings:
    """Every committee's own settings: one query (none are few rows: one per committee that set any)."""
    rows = CommitteeSettings.objects.select_related("organization").only(
        "meeting_frequencies", "term_years", "organization__path"
    )
    return OwnSettings({row.organization.path: row for row in rows if row.organization.path})


def with_any_own(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """The organizations, each saying whether any committee keeps settings of its own
    (`any_own_settings`), read with them: a deployment where none does (most) pays no query for them."""
    return organizations.annotate(any_own_settings=Exists(CommitteeSettings.objects.all()))


def own_settings_for(organizations: list[Organization]) -> OwnSettings:
    """The committees' own settings when the organizations read `with_any_own` say there are any: one
    query then, none otherwise."""
    return own_settings() if organizations and organizations[0].any_own_settings else OwnSettings()


def settings_of(organization: Organization) -> CommitteeSettings:
    """The committee's own row, or (unsaved) an empty one."""
    found = CommitteeSettings.objects.filter(organization=organization).first()
    return found if found is not None else CommitteeSettings(organization=organization)
