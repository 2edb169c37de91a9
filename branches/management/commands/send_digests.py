"""`manage.py send_digests [--frequency daily|weekly] [--dry-run]`: the inbox's e-mail digests
(docs/inbox.md#digest), run once a day by cron (README). Counts what is due for every login with a
role (the nav's count until the next run), then sends each user who chose a digest the one of this
period — the day, or the week from its Monday — unless it was sent already: a daily run sends the
weekly digests on its first run of the week. Each sending is logged (DigestSent, and a line here)."""

from django.core.management.base import BaseCommand

from branches import clock
from branches.inbox import digests, reminders, selectors, services
from branches.inbox.models import InboxState


class Command(BaseCommand):
    help = (
        "Sends the inbox's e-mail digests due today (daily, and weekly once a week) and counts what is due "
        "for every user's inbox. Run it once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[InboxState.Digest.DAILY, InboxState.Digest.WEEKLY],
            help="only the users who chose this digest (default: both)",
        )
        parser.add_argument("--dry-run", action="store_true", help="say what would be sent; send and write nothing")

    def handle(self, *args, frequency=None, dry_run=False, **options):
        day = clock.today()
        chosen = {state.user_id: state for state in digests.users_due(frequency)}
        sent = skipped = 0
        for user in selectors.users_to_count():
            due = reminders.reminders_for(reminders.request_for(user))
            if not dry_run:
                services.due_record(user=user, reminders=due)
            state = chosen.get(user.pk)
            if state is None:
                continue
            outcome = digests.digest_for(state, day, due, dry_run=dry_run)
            counts = f"{len(outcome.reminders)} reminders, {len(outcome.messages)} messages"
            what = f"{user.username} ({state.digest}, {counts})"
            if outcome.skipped:
                skipped += 1
                self.stdout.write(f"skipped {what}: {outcome.skipped}")
            elif dry_run:
                sent += 1
                self.stdout.write(f"would send to {what} at {outcome.address}")
            else:
                sent += 1
                self.stdout.write(f"sent to {what} at {outcome.address}")
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{day}: {verb} {sent}, skipped {skipped}")
