"""What check-in adds to the inbox (Room.inbox): the corrections members sent and the arrivals
registered from a poster, waiting in the queue for the secretary's decision (two counts)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access
from branches.rooms import Reminder
from registry.checkin import selectors


def inbox_reminders(request) -> list[Reminder]:
    if not access.may_change_anything(request.user):
        return []
    queue = reverse("registry:checkin_queue")
    return [
        Reminder(
            "checkin_corrections",
            _("Corrections from members waiting"),
            selectors.submission_queue(request.user).count(),
            queue,
        ),
        Reminder(
            "checkin_arrivals",
            _("Arrivals waiting to be put on the roster"),
            selectors.arrival_queue(request.user).count(),
            queue,
        ),
    ]
