"""Reads of the inbox: a user's messages (theirs only: another's is a 404), the nav's count."""

from django.db.models import Count, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from branches.inbox.models import DigestSent, InboxState, Message


def _open(user) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user, closed_at__isnull=True)


def messages_of(user) -> QuerySet[Message]:
    """The user's messages still open (a settled one leaves the inbox), newest first."""
    return _open(user).select_related("sender")


def message_of(user, pk) -> Message:
    return get_object_or_404(Message.objects.filter(recipient=user), pk=pk)


def state_of(user) -> InboxState | None:
    return InboxState.objects.filter(user=user).first()


def unread_count(user) -> int:
    """The nav's count: unread open messages plus the reminders grown since marked read (as last
    counted) — one query, whatever the rooms. A user's messages always come with their state row
    (services.message_send), so no row means nothing to count."""
    unread = _open(user).filter(read_at__isnull=True).order_by().values("recipient").annotate(n=Count("id")).values("n")
    found = (
        InboxState.objects.filter(user=user)
        .annotate(messages=Coalesce(Subquery(unread[:1]), 0))
        .values_list("messages", "due_unread")
        .first()
    )
    return sum(found) if found else 0


def digests_sent(user, limit: int = 10) -> list[DigestSent]:
    return list(DigestSent.objects.filter(user=user)[:limit])


def unread_since(user, since) -> QuerySet[Message]:
    """Open messages the user has not read, sent after `since` (None: any), for the digest."""
    condition = Q(read_at__isnull=True)
    if since is not None:
        condition &= Q(sent_at__gt=since)
    return _open(user).filter(condition).select_related("sender")


def users_to_count():
    """The active logins with a role, for send_digests to count what is due for each."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, role_assignments__isnull=False).distinct().order_by("pk")
