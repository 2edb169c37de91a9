"""What the figures room adds to the home page: a secretary's six-knowns work list, the first of
the work lists. The figures of the other registry rooms' cards are counted once per request by
dashboard.home_figures, which each of those sections reads."""

from registry.figures import dashboard


def six_knowns_worklist(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None or not figures["is_secretary"]:
        return None
    return {
        "template": "dashboard/_six_knowns_worklist.html",
        "worklist_count": figures["worklist_count"],
        "worklist_preview": figures["worklist_preview"],
    }
