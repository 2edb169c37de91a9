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


def post_category_worklist(request, _obj) -> dict | None:
    """A secretary's members whose post category (工作岗位) is not known yet: the statistics' table T2
    counts them as missing. The count is the dashboard's (no query of its own); the list is the
    roster filtered to them, sortable and exported like the roster."""
    figures = dashboard.home_figures(request)
    if figures is None or not figures["is_secretary"]:
        return None
    return {"template": "dashboard/_post_category_worklist.html", "missing": figures["post_category_missing"]}
