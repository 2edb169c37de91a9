"""What the survey room adds to the home page: the latest round's figures beside the roster's,
and for a secretary the gaps to resolve among the work lists (reconciled by
registry.figures.dashboard, once per request)."""

from registry.figures import dashboard


def home_worklist(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None or not figures["is_secretary"] or not figures["survey"]:
        return None
    return {
        "template": "dashboard/_survey_gaps.html",
        "survey": figures["survey"],
        "survey_gaps": figures["survey_gaps"],
        "survey_gap_count": figures["survey_gap_count"],
    }


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {"template": "dashboard/_survey.html", "survey": figures["survey"]}
