"""The rooms of the registry, and what each one brings to the pages everybody shares.

A *room* is one capability — members, development, dues, movements, keeping in touch, honours, and
next organizational life or committees. It lives in one package and describes itself once, in the
``room.py`` module of that package, as ``ROOM = Room(...)``: its links in the navigation, its cards
on the home page, its sections on a member's and an organization's page, its pages (its urls.py),
its import kinds, its export kinds' names, its figures for ``registry_stats``, the assessment items it
computes and its demo.
``settings.REGISTRY_ROOMS`` lists those modules in the order the pages show them — that list is the
only place a new room is named outside its own package (docs/adding-a-capability.md).

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
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import pgettext_lazy

from branches import access

Section = dict[str, Any]
# (request, obj) → None (nothing to show) or a dict with at least "template": the template included
# in the page with `section` set to that dict. A section function makes a bounded number of queries.
SectionFunction = Callable[[Any, Any], Section | None]
# request → whether the link is shown to this user (the context processor's flags are on request).
Visibility = Callable[[Any], bool]

# The groups of the navigation, in order. A link with group "" stands on its own after the groups.
NAV_GROUPS: dict[str, Any] = {
    "figures": pgettext_lazy("navigation group", "Figures"),
    "roster": pgettext_lazy("navigation group", "Roster"),
    "touch": pgettext_lazy("navigation group", "Keeping in touch"),
}


# --- who sees a link (the same questions as the context processor's flags) -----------------------


def for_committee(request) -> bool:
    """Admins and staff (`user_is_committee`)."""
    return access.is_committee(request.user)


def for_those_who_change(request) -> bool:
    """Admins, staff and secretaries: not a reviewer (`user_may_change`)."""
    return access.may_change_anything(request.user)


def for_those_who_see_everything(request) -> bool:
    """Admins, staff and reviewers: the committee's whole view, not a secretary's subtree."""
    return access.sees_everything(request.user)


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
    order: int = 100  # within its group; equal orders keep the rooms' order

    def is_current_for(self, view_name: str) -> bool:
        """Whether the page named `view_name` ("registry:member_detail") is this link's."""
        return any(
            view_name.startswith(pattern[:-1]) if pattern.endswith("*") else view_name == pattern
            for pattern in (self.url_name, *self.current_for)
        )


# (organizations, as_of) → {branch id: (good, total, explanation)}: an assessment item's counts for
# every branch at once (`organizations`: every organization, with its level and path; a branch's own
# records and those of the organizations below it), in a bounded number of queries.
AssessmentScore = Callable[[list[Any], Any], dict[int, tuple[int, int, str]]]


@dataclass(frozen=True)
class AssessmentItem:
    """An item of the yearly assessment of branches computed from a room's records
    (docs/assessment.md#items): the branch scores the item's weight times good / total."""

    key: str  # the item's key in the schemes (REGISTRY_ASSESSMENT_ITEMS): "contacts"
    label: Any  # a lazy translation
    score: AssessmentScore


@dataclass(frozen=True)
class Reminder:
    """What is due now, for the inbox and the digest (docs/inbox.md): a count and the list of exactly
    those records; `key` names it among every room's (for what the user has marked read)."""

    key: str  # "dues_unpaid_3"
    label: Any  # a translation
    count: int
    url: str
    items: tuple[tuple[str, str], ...] = ()  # a few of them, (text, link), when the room names them


@dataclass(frozen=True)
class Room:
    name: str  # the package's short name: "dues", "contacts"
    nav: tuple[NavLink, ...] = ()
    # The home page shows every room's work lists first (what to do), then every room's figures
    # (what to look at); each in the rooms' order.
    home_worklists: tuple[SectionFunction, ...] = ()
    home_sections: tuple[SectionFunction, ...] = ()
    member_sections: tuple[SectionFunction, ...] = ()
    # (request, organization) → a section of the organization's page, below its figures.
    organization_sections: tuple[SectionFunction, ...] = ()
    # The dotted path of the room's own urls.py (its `urlpatterns`, no app_name): the pages join the
    # namespace of the layer's urls.py that asks for them (room_urlpatterns("registry") in registry/urls.py).
    urls: str = ""
    # Dotted paths of the room's Importer classes; each declares its kind, label, roles and template.
    import_kinds: tuple[str, ...] = ()
    # What the export log calls the room's exports: {ExportLog.kind: a lazy label}.
    export_kinds: dict[str, Any] = field(default_factory=dict)
    # (as_of, year) → {top-level key: figures}: what the room adds to `registry_stats --json` (the
    # whole registry's figures). Keys are the room's own; one function per room is the rule.
    stats: tuple[Callable[[Any, int], dict[str, Any]], ...] = ()
    # as_of → None: loads the room's part of the demo (seed_demo, after the roster and its year), counted
    # from the day the demo describes; idempotent (a second run writes nothing), drawn from its own seed.
    demo: tuple[Callable[[Any], Any], ...] = ()
    # The items of the yearly assessment the room computes from its records (registry/assessment/scoring.py).
    assessment_items: tuple[AssessmentItem, ...] = ()
    # Dotted paths of the room's actions on many members at once and of its lists one selects them
    # from (registry/bulk: BulkAction and SelectionSource objects), so that a higher layer's room
    # (outreach's contacts) offers its own on the registry's roster without the registry importing it.
    bulk_actions: tuple[str, ...] = ()
    bulk_sources: tuple[str, ...] = ()
    # request → the room's reminders of what is due in this user's scope, for the inbox and the e-mail
    # digest (branches/inbox): the figures the room's home work lists show, counted once per request.
    inbox: tuple[Callable[[Any], list[Reminder]], ...] = ()
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


@receiver(setting_changed)
def _forget_rooms(*, setting, **_kwargs):
    if setting == "REGISTRY_ROOMS":
        rooms.cache_clear()
    if setting in ("REGISTRY_ROOMS", "ROOT_URLCONF"):
        _link_url.cache_clear()


@cache
def _link_url(url_name: str, _prefix: str, urlconf) -> str:
    """A navigation link's URL, reversed once for each script prefix and URLconf (the arguments)
    rather than for every link of every page: some forty reverse() a page were a twentieth of it."""
    return reverse(url_name, urlconf=urlconf)


def sections(kind: str, request, obj=None) -> list[Section]:
    """The sections rooms add to a page ("home_worklists", "home_sections", "member_sections" or
    "organization_sections"), in the rooms' order. The page shows each with `{% show_section section %}`
    (branches/templatetags/rooms.py)."""
    shown = []
    for room in rooms():
        for function in getattr(room, kind):
            section = function(request, obj)
            if section:
                shown.append(section)
    return shown


# --- the navigation --------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownLink:
    label: Any
    url: str
    current: bool


@dataclass(frozen=True)
class ShownGroup:
    key: str
    label: Any
    links: tuple[ShownLink, ...]
    current: bool  # the page belongs to one of the group's links, shown to this user or not


@dataclass(frozen=True)
class Navigation:
    groups: tuple[ShownGroup, ...]  # in NAV_GROUPS' order, those with a link to show
    links: tuple[ShownLink, ...]  # the links of no group, after the groups


def nav_links() -> list[tuple[NavLink, Room]]:
    """Every room's links in the order the navigation shows them: by group (NAV_GROUPS' order, then
    the links of no group), within a group by `order`, then in the rooms' order."""
    groups = [*NAV_GROUPS, ""]
    found = [(link, room) for room in rooms() for link in room.nav]
    for link, room in found:
        if link.group not in groups:
            raise ImproperlyConfigured(f"room {room.name}: the link {link.url_name} names no group of NAV_GROUPS")
    return sorted(found, key=lambda pair: (groups.index(pair[0].group), pair[0].order))  # a stable sort


def nav_for(request) -> Navigation:
    """The navigation for this request: the links this user may follow, the current page's marked
    (by the resolved URL name, never by a part of it)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    by_group: dict[str, list[ShownLink]] = {key: [] for key in [*NAV_GROUPS, ""]}
    current_groups = set()
    for link, _room in nav_links():
        current = bool(view_name) and link.is_current_for(view_name)
        if current:
            current_groups.add(link.group)
        if link.visible is None or link.visible(request):
            url = _link_url(link.url_name, get_script_prefix(), get_urlconf())
            by_group[link.group].append(ShownLink(link.label, url, current))
    return Navigation(
        groups=tuple(
            ShownGroup(key, label, tuple(by_group[key]), key in current_groups)
            for key, label in NAV_GROUPS.items()
            if by_group[key]
        ),
        links=tuple(by_group[""]),
    )


def room_stats(as_of, year: int) -> dict[str, Any]:
    """Every room's figures for `registry_stats --json`, merged in the rooms' order; a key two rooms
    claim is a mistake, not an overwrite."""
    merged: dict[str, Any] = {}
    for room in rooms():
        for function in room.stats:
            for key, value in function(as_of, year).items():
                if key in merged:
                    raise ImproperlyConfigured(f"registry_stats key {key!r} is claimed by two rooms ({room.name})")
                merged[key] = value
    return merged


def assessment_items() -> dict[str, AssessmentItem]:
    """Every room's computed assessment items by key, in the rooms' order; a key two rooms claim is a
    mistake, not an overwrite."""
    found: dict[str, AssessmentItem] = {}
    for room in rooms():
        for item in room.assessment_items:
            if item.key in found:
                raise ImproperlyConfigured(f"assessment item {item.key!r} is claimed by two rooms ({room.name})")
            found[item.key] = item
    return found


def room_urlpatterns(package: str) -> list:
    """The pages of every room of `package` ("registry") that keeps them in its own urls.py
    (`Room.urls`), in the rooms' order: the layer's urls.py adds them to its own, in its namespace."""
    return [
        pattern
        for room in rooms()
        if room.urls.startswith(f"{package}.")
        for pattern in import_module(room.urls).urlpatterns
    ]


def export_label(kind: str):
    """What the export log calls an export a room declares (`Room.export_kinds`); None for another."""
    for room in rooms():
        if kind in room.export_kinds:
            return room.export_kinds[kind]
    return None
