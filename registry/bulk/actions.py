"""Acting on many members at once (issue 26 §2): what an action and a list to select from are, and
where they are found.

An action (`BulkAction`) does to each selected member what one member's page does, through that
page's own service (`run_one`); the runner (registry/bulk/services.py) calls it once per member in
one transaction. A list (`SelectionSource`) answers which members it shows for a query string, already
scoped to the user, so that "all that match" is read again on the server and ids sent by a page are
only ever taken among those rows.

Rooms name theirs in `Room.bulk_actions` and `Room.bulk_sources` (branches/rooms.py): the registry's
are below (registry/bulk/room.py names them), outreach's contact action and lost-touch list are in
outreach/contacts/bulk.py — the registry never imports outreach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils.module_loading import import_string

from branches import access, rooms
from registry.models import Member

# (member, options, actor) → what was done, in words (or a value the result page shows); a
# ValidationError is a refusal for that member alone.
RunOne = Callable[..., Any]


@dataclass(frozen=True)
class BulkAction:
    key: str  # in the query string: ?action=checkin_links
    label: Any  # a lazy translation: what the action bar offers
    description: Any  # what it will do to each member, on the confirm page
    run_one: RunOne | None = None  # None: a download of the selection (`export`)
    # Options asked once for all (the target organization, the contact's date): a form taking `user=`,
    # whose `options()` hands run_one its keyword arguments.
    form_class: type | None = None
    committee_only: bool = False
    result_template: str = "registry/bulk/result.html"
    qr_sheet: bool = False  # run_one answers a check-in link's path: the result is a sheet of QR codes
    order: int = 100

    @property
    def is_export(self) -> bool:
        return self.run_one is None

    def allowed_for(self, user) -> bool:
        """Reviewers read only: no action at all; some actions are the committee office's."""
        if not access.may_change_anything(user):
            return False
        return access.is_committee(user) or not self.committee_only


@dataclass(frozen=True)
class SelectionSource:
    key: str  # ?source=members
    label: Any
    url_name: str  # the list, to go back to
    # (user, params) → the members the list shows for that query string, scoped to the user.
    members: Callable[[Any, Any], QuerySet[Member]]


def _claimed(attribute: str, what: str) -> dict:
    """Every room's entries of `attribute` (dotted paths) by key; a key two rooms claim is a mistake."""
    found: dict = {}
    for room in rooms.rooms():
        for path in getattr(room, attribute):
            entry = import_string(path)
            if entry.key in found:
                raise ImproperlyConfigured(f"{what} {entry.key!r} is claimed twice ({room.name})")
            found[entry.key] = entry
    return found


@cache
def actions() -> dict[str, BulkAction]:
    """Every room's actions by key, in their order."""
    return dict(sorted(_claimed("bulk_actions", "bulk action").items(), key=lambda pair: pair[1].order))


@cache
def sources() -> dict[str, SelectionSource]:
    return _claimed("bulk_sources", "bulk selection source")


@receiver(setting_changed)
def _forget(*, setting, **_kwargs):
    if setting == "REGISTRY_ROOMS":
        actions.cache_clear()
        sources.cache_clear()


def actions_for(user) -> list[BulkAction]:
    return [action for action in actions().values() if action.allowed_for(user)]
