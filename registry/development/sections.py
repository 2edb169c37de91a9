"""What the development room adds to the home page: candidates by stage, the work lists and the
table by organization (counted by registry.figures.dashboard, once per request)."""

from registry.figures import dashboard


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {"template": "dashboard/_development.html", "development": figures["development"]}
