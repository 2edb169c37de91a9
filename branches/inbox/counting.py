"""The nav's unread count as one SQL expression: the unread open messages plus the reminders grown
since marked read, for the user `user_ref` points at. branches.access adds it to the query of the
user's roles, which every page makes anyway, so that the count costs no query of its own."""

from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce

from branches.inbox.models import InboxState, Message


def unread_expression(user_ref):
    messages = (
        Message.objects.filter(recipient=user_ref, closed_at__isnull=True, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("id"))
        .values("n")
    )
    reminders = InboxState.objects.filter(user=user_ref).values("due_unread")
    return Coalesce(Subquery(messages[:1]), 0) + Coalesce(Subquery(reminders[:1]), 0)
