"""Reads of the inbox: a user's messages (theirs only: another's is a 404), the nav's count."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.inbox.counting import unread_expression
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
    counted). Read with the user's roles (branches.access.assignments_of: no query of its own); one
    query for a user whose role was not read from the database (a superuser without one)."""
    assignments = access.assignments_of(user)
    found = getattr(assignments[0], "inbox_unread", None) if assignments else None
    if found is None:
        found = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(unread=unread_expression(get_user_model(), "id"))
            .values_list("unread", flat=True)
            .first()
        )
    return found or 0


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
    return get_user_model().objects.filter(is_active=True, role_assignments__isnull=False).distinct().order_by("pk")
