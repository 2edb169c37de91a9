"""The e-mail digest (docs/inbox.md#digest): once a day or once a week, as each user chose, one
e-mail with what is due in their scope and the messages they have not read since the last one.
Sent by `manage.py send_digests` (a cron line beside the backup's, README); never twice for a period:
the log row (DigestSent, unique per user and period) is written in the transaction that sends."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from branches import clock
from branches.inbox import selectors
from branches.inbox.models import DigestSent, InboxState
from branches.rooms import Reminder

logger = logging.getLogger(__name__)
Digest = InboxState.Digest


def period_start(frequency: str, day: datetime.date) -> datetime.date:
    """The period a digest of `day` belongs to: the day itself, or the Monday of its week."""
    return day - datetime.timedelta(days=day.weekday()) if frequency == Digest.WEEKLY else day


@dataclass
class Outcome:
    user: object
    frequency: str
    address: str
    reminders: list[Reminder]
    messages: list
    sent: bool = False
    skipped: str = ""  # why nothing was sent: "" when sent (or would be, in a dry run)


def _absolute(url: str) -> str:
    return settings.REGISTRY_SITE_URL.rstrip("/") + url if url.startswith("/") else url


def compose(user, reminders_due: list[Reminder], messages: list) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registry: %(due)d reminders, %(messages)d unread messages") % {
            "due": len(reminders_due),
            "messages": len(messages),
        }
        body = render_to_string(
            "branches/inbox/digest.txt",
            {
                "user": user,
                "reminders": [(reminder, _absolute(reminder.url)) for reminder in reminders_due],
                "messages": [(message, _absolute(message.url)) for message in messages],
                "inbox_url": _absolute("/inbox/"),
            },
        )
    return subject, body


def users_due(frequency: str | None) -> list[InboxState]:
    """The inboxes whose owner chose a digest (of `frequency`, or either), active logins only."""
    chosen = [frequency] if frequency else [Digest.DAILY, Digest.WEEKLY]
    return list(
        InboxState.objects.filter(digest__in=chosen, user__is_active=True).select_related("user").order_by("user_id")
    )


def digest_for(state: InboxState, day: datetime.date, due: list[Reminder], *, dry_run: bool) -> Outcome:
    """One user's digest for the period of `day`, with `due` (reminders.reminders_for): sent, or why
    not (already sent, no address, nothing to say). A dry run writes and sends nothing."""
    user, frequency = state.user, state.digest
    start = period_start(frequency, day)
    last = DigestSent.objects.filter(user=user).order_by("-sent_at").values_list("sent_at", flat=True).first()
    messages = list(selectors.unread_since(user, last))
    outcome = Outcome(user, frequency, user.email, due, messages)
    if DigestSent.objects.filter(user=user, frequency=frequency, period_start=start).exists():
        outcome.skipped = "already sent"
    elif not user.email:
        outcome.skipped = "no e-mail address"
    elif not due and not messages:
        outcome.skipped = "nothing due"
    if outcome.skipped or dry_run:
        return outcome
    subject, body = compose(user, due, messages)
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                user=user,
                frequency=frequency,
                period_start=start,
                sent_at=clock.now(),
                address=user.email,
                reminders=len(due),
                messages=len(messages),
            )
            send_mail(subject, body, None, [user.email])
    except IntegrityError:  # another run sent it meanwhile
        outcome.skipped = "already sent"
        return outcome
    outcome.sent = True
    logger.info(
        "digest sent: user %s, %s of %s, %d reminders, %d messages", user.pk, frequency, start, len(due), len(messages)
    )
    return outcome
