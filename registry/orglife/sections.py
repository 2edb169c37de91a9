"""What organizational life adds to the registry's pages (registry/orglife/room.py): on the home page
its figures — meetings held this year by kind, organizations behind by kind, members without
organizational life for six months, each a link to exactly what it counts (three queries, counted
once per request) — and a secretary's work list; on the member's page their last organizational life
(one query)."""

from branches import access, clock
from branches.remembered import remembered
from registry.orglife.compliance import figures, participation

_CACHED = "_orglife_home_figures"


def _home_figures(request) -> dict | None:
    """The home page's figures for this user, counted once per request (the section and the work list share them)."""
    if access.role_of(request.user) is None:
        return None
    if not hasattr(request, _CACHED):
        today = clock.today()
        setattr(
            request, _CACHED, remembered("orglife", request.user, lambda: figures.home_figures(request.user, today))
        )
    return getattr(request, _CACHED)


def home_section(request, _obj) -> dict | None:
    found = _home_figures(request)
    if found is None:
        return None
    return {"template": "registry/orglife/compliance/_home_section.html", "orglife": found}


def home_worklist(request, _obj) -> dict | None:
    """A secretary's two lists: their organizations behind, their members without organizational life."""
    if access.role_of(request.user) != access.Role.SECRETARY:
        return None
    found = _home_figures(request)
    behind = sum(tile["value"] for tile in found["behind"])
    if not behind and not found["without"]["value"]:
        return None
    return {"template": "registry/orglife/compliance/_home_worklist.html", "orglife": found, "behind": behind}


def member_section(request, member) -> dict | None:
    if access.role_of(request.user) is None:
        return None
    return {
        "template": "registry/orglife/compliance/_member_section.html",
        "member": member,
        "life": participation.member_life(member, clock.today()),
    }
