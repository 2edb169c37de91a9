"""What sending back adds to the inbox (Room.inbox): for the committee office, the records sent back
and still open — a count, the list, and the first few by name."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access
from branches.rooms import Reminder
from registry.sendbacks import selectors, services

SHOWN = 5


def inbox_reminders(request) -> list[Reminder]:
    if not access.is_committee(request.user):
        return []  # a secretary's are messages of their own (services.send_back), closed when answered
    rows = selectors.open_for(request.user)
    count = rows.count()
    if not count:
        return []
    items = tuple(
        (
            f"{services.record_name(row.kind, row.record)}: {row.question[:60]}",
            services.record_url(row.kind, row.record),
        )
        for row in rows[:SHOWN]
    )
    return [
        Reminder(
            "sent_back_open",
            _("Records sent back, waiting for an answer"),
            count,
            reverse("registry:send_back_list"),
            items,
        )
    ]
