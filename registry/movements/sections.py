"""What movements add to the inbox (Room.inbox): the receipts (回执) we owe for transfers in, which
are due within a month of the letter (one count)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access
from branches.rooms import Reminder
from registry.movements import selectors


def inbox_reminders(request) -> list[Reminder]:
    if not access.may_change_anything(request.user):
        return []
    owed = selectors.receipts_owed(request.user).count()
    return [
        Reminder(
            "movements_receipts_owed", _("Receipts owed for transfers in"), owed, reverse("registry:transfer_list")
        )
    ]
