"""What is due now for a user, gathered from the rooms (`Room.inbox`, branches/rooms.py): each room
hands its reminders, counted from the figures its home work lists show; branches names no room.

Reminders are for the people who act on them — staff, administrators and secretaries, each in their
scope; a reviewer's inbox holds only messages."""

from django.http import HttpRequest

from branches import access, rooms
from branches.rooms import Reminder

_CACHED = "_inbox_reminders"


def reminders_for(request) -> list[Reminder]:
    """Every room's reminders with something due, in the rooms' order: counted once per request."""
    if not hasattr(request, _CACHED):
        found = []
        if access.may_change_anything(request.user):
            for room in rooms.rooms():
                for function in room.inbox:
                    found += [reminder for reminder in function(request) if reminder.count]
        setattr(request, _CACHED, found)
    return getattr(request, _CACHED)


def request_for(user) -> HttpRequest:
    """A request standing for `user` outside the web (send_digests): what the rooms' figures read."""
    request = HttpRequest()
    request.user = user
    return request


def unread_keys(reminders: list[Reminder], seen: dict) -> set[str]:
    """The reminders whose count has grown since the user marked them read (or never marked)."""
    return {reminder.key for reminder in reminders if reminder.count > seen.get(reminder.key, 0)}
