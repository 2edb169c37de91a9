"""Writes of the inbox (docs/inbox.md): messages sent and settled, read and marked read, what is due
counted for the nav, the digest a user chose. Rooms send through message_send and settle through
messages_close; nobody else writes these rows."""

from django.db import transaction

from branches import clock
from branches.inbox.models import InboxState, Message
from branches.inbox.reminders import unread_keys
from branches.people import recorder
from branches.rooms import Reminder


def _state(user) -> InboxState:
    state, _created = InboxState.objects.get_or_create(user=user)
    return state


@transaction.atomic
def message_send(*, recipient, subject: str, body: str = "", url: str = "", about: str = "", sender=None) -> Message:
    _state(recipient)  # the nav counts a user's messages through their state row (selectors.unread_count)
    return Message.objects.create(
        recipient=recipient,
        sender=recorder(sender),
        subject=subject[:200],
        body=body,
        url=url[:300],
        about=about,
        sent_at=clock.now(),
    )


@transaction.atomic
def messages_close(*, about: str) -> int:
    """What `about` names is settled: its messages leave every inbox (kept, with the time)."""
    return Message.objects.filter(about=about, closed_at__isnull=True).update(closed_at=clock.now())


@transaction.atomic
def message_read(*, message: Message) -> None:
    if message.read_at is None:
        message.read_at = clock.now()
        message.save(update_fields=["read_at"])


def _record(state: InboxState, reminders: list[Reminder]) -> None:
    state.due = {reminder.key: reminder.count for reminder in reminders}
    state.due_unread = len(unread_keys(reminders, state.seen))
    state.counted_at = clock.now()


@transaction.atomic
def due_record(*, user, reminders: list[Reminder]) -> InboxState:
    """What is due for `user` now (the inbox page, send_digests): the nav counts it until the next time."""
    state = _state(user)
    _record(state, reminders)
    state.save(update_fields=["due", "due_unread", "counted_at"])
    return state


@transaction.atomic
def all_read(*, user, reminders: list[Reminder]) -> int:
    """Every open message read, and every reminder seen at its present count; how many messages."""
    marked = Message.objects.filter(recipient=user, closed_at__isnull=True, read_at__isnull=True).update(
        read_at=clock.now()
    )
    state = _state(user)
    state.seen = {reminder.key: reminder.count for reminder in reminders}
    _record(state, reminders)
    state.save(update_fields=["seen", "due", "due_unread", "counted_at"])
    return marked


@transaction.atomic
def reminder_seen(*, user, reminders: list[Reminder], key: str) -> None:
    """One reminder seen at its present count (its link followed from the inbox)."""
    state = _state(user)
    state.seen = {**state.seen, **{reminder.key: reminder.count for reminder in reminders if reminder.key == key}}
    _record(state, reminders)
    state.save(update_fields=["seen", "due", "due_unread", "counted_at"])


@transaction.atomic
def digest_choose(*, user, digest: str, email: str) -> None:
    state = _state(user)
    state.digest = digest
    state.full_clean(exclude=["user"])
    state.save(update_fields=["digest"])
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
