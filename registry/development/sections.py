"""What the development room adds to the home page: candidates by stage, the work lists and the
table by organization (counted by registry.figures.dashboard, once per request)."""

from django.urls import reverse

from branches import access, clock
from branches.rooms import Reminder
from registry.development import worklists
from registry.figures import dashboard


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {"template": "dashboard/_development.html", "development": figures["development"]}


def inbox_reminders(request) -> list[Reminder]:
    """The development work lists with something to do (all but the notices still running), counted
    in one query as on the development pages' tabs."""
    if not access.may_change_anything(request.user):
        return []
    return [
        Reminder(
            f"development_{worklist.key}",
            worklist.label,
            count,
            reverse("registry:development_worklist", args=[worklist.key]),
        )
        for worklist, count in worklists.tabs(request.user, clock.today())
        if worklist.key != "notices_running"
    ]
