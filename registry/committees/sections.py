"""What the committees room adds to the registry's pages (registry/committees/room.py): on an
organization's page its committee and term, with the forms to record an election, add a post and
postpone the term (three queries); on the home page the five committee figures, each a link to the
organizations it counts (four queries, scoped to the user)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.remembered import remembered
from registry.committees import rules, selectors

FIGURE_LABELS = {
    selectors.WITH_COMMITTEE: _("With a committee in office"),
    selectors.SHOULD_HAVE: _("Should set up a committee (7 or more full members held here)"),
    selectors.ENDING: _("Terms ending within 6 months"),
    selectors.OVER: _("Terms over, no election yet"),
    selectors.POSTPONED: _("Terms postponed"),
}
ALERTS = (selectors.SHOULD_HAVE, selectors.OVER)


def organization_section(request, organization) -> dict | None:
    if access.role_of(request.user) is None or organization.level in rules.NO_COMMITTEE_LEVELS:
        return None
    return {
        "template": "registry/committees/_organization_section.html",
        "organization": organization,
        "committee": selectors.organization_committee(organization),
        "may_change": access.may_change_organization(request.user, organization),
        # A committee's own frequencies and terms: its office's to set (registry:committee_own_settings).
        "may_set_own": organization.level == organization.Level.COMMITTEE
        and access.is_committee(request.user)
        and access.may_change_organization(request.user, organization),
    }


def figure_tiles(figures: dict) -> list[dict]:
    """The five figures as tiles, each a link to the list of exactly the organizations it counts."""
    url = reverse("registry:committee_list")
    return [
        {"key": key, "label": FIGURE_LABELS[key], "value": figures[key], "url": f"{url}?{urlencode({'state': key})}"}
        for key in selectors.FIGURE_KEYS
    ]


def home_section(request, _obj) -> dict | None:
    if access.role_of(request.user) is None:
        return None
    today = clock.today()
    figures = remembered("committees", request.user, lambda: selectors.committee_figures(today, user=request.user))
    return {
        "template": "registry/committees/_home_section.html",
        "committee_tiles": figure_tiles(figures),
        "alert_keys": [key for key in ALERTS if figures[key]],
    }
