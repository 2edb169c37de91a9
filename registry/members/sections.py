"""What the members room adds to the home page: the member tiles, members by category and the six
knowns by organization (counted by registry.figures.dashboard, once per request)."""

from registry.figures import dashboard


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {
        "template": "dashboard/_members.html",
        "member_tiles": figures["member_tiles"],
        "category_bars": figures["category_bars"],
        "six_knowns_bars": figures["six_knowns_bars"],
    }
