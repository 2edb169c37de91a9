"""The rooms of the registry, and what each one brings to the pages everybody shares.

A *room* is one capability — members, development, dues, movements, keeping in touch, and next
organizational life or committees. It lives in one package and describes itself once, in the
``room.py`` module of that package, as ``ROOM = Room(...)``: its links in the navigation, its cards
on the home page, its sections on a member's page and its import kinds. ``settings.REGISTRY_ROOMS``
lists those modules in the order the pages show them — that list is the only place a new room is
named outside its own package (docs/adding-a-capability.md).

The layers stay as they are (branches → registry → outreach → config): this module names no room;
rooms are found by their dotted path when first asked for, so a lower layer never imports a higher one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

Section = dict[str, Any]
# (request, obj) → None (nothing to show) or a dict with at least "template": the template included
# in the page with `section` set to that dict. A section function makes a bounded number of queries.
SectionFunction = Callable[[Any, Any], Section | None]
# request → whether the link is shown to this user (the context processor's flags are on request).
Visibility = Callable[[Any], bool]

# The groups of the navigation, in order. A link with group "" stands on its own after the groups.
NAV_GROUPS: dict[str, Any] = {
    "figures": _("Figures"),
    "roster": _("Roster"),
    "touch": _("Keeping in touch"),
}


@dataclass(frozen=True)
class NavLink:
    """One entry of the navigation."""

    label: Any  # a lazy translation
    url_name: str  # reversed without arguments: "registry:member_list"
    group: str = ""  # a key of NAV_GROUPS, or "" for a link of its own
    # The pages for which this link is the current one: URL names ("registry:member_detail"),
    # or a namespace or name prefix ending in "*" ("certificates:*", "registry:member_*").
    current_for: tuple[str, ...] = ()
    visible: Visibility | None = None  # None: every signed-in user
    order: int = 100  # within its group


@dataclass(frozen=True)
class Room:
    name: str  # the package's short name: "dues", "contacts"
    nav: tuple[NavLink, ...] = ()
    home_sections: tuple[SectionFunction, ...] = ()
    member_sections: tuple[SectionFunction, ...] = ()
    # Dotted paths of the room's Importer classes; each declares its kind, label, roles and template.
    import_kinds: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def rooms() -> tuple[Room, ...]:
    """Every room named in settings.REGISTRY_ROOMS, in that order."""
    found = []
    for path in getattr(settings, "REGISTRY_ROOMS", ()):
        module = import_module(path)
        room = getattr(module, "ROOM", None)
        if not isinstance(room, Room):
            raise ImproperlyConfigured(f"{path} is listed in REGISTRY_ROOMS but defines no ROOM = Room(...)")
        found.append(room)
    return tuple(found)


def sections(kind: str, request, obj=None) -> list[Section]:
    """The sections rooms add to a page ("home_sections" or "member_sections"), in the rooms' order."""
    shown = []
    for room in rooms():
        for function in getattr(room, kind):
            section = function(request, obj)
            if section:
                shown.append(section)
    return shown
