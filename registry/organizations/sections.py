"""What the organizations room adds to the home page: the party organizations by level, and for
the committee's view the chambers and enterprises they cover (counted by
registry.figures.dashboard, once per request)."""

from registry.figures import dashboard


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {
        "template": "dashboard/_organizations.html",
        "organization_tiles": figures["organization_tiles"],
        "level_bars": figures["level_bars"],
    }


def chambers_section(request, _obj) -> dict | None:
    """Chambers and enterprises are the committee's (and the reviewers'), not a secretary's."""
    figures = dashboard.home_figures(request)
    if figures is None or not figures.get("chamber_tiles"):
        return None
    return {
        "template": "dashboard/_chambers.html",
        "chamber_tiles": figures["chamber_tiles"],
        "chamber_bars": figures["chamber_bars"],
    }
