"""`manage.py send_digests` (issue 26 §6, docs/inbox.md#digest): one e-mail per user and period with
what is due in their scope and the messages they have not read, through Django's e-mail; never the
same digest twice; weekly once a week, daily once a day; --dry-run sends and writes nothing."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from branches import clock
from branches.inbox import services
from branches.inbox.models import DigestSent, InboxState
from tests.branches.inbox.helpers import arrival


def _run(*args) -> str:
    out = io.StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def _choose(user, digest, email):
    services.digest_choose(user=user, digest=digest, email=email)


def test_sent_once_with_what_is_due_and_the_unread_messages(tree, secretary_a, secretary_b, staff):
    arrival(tree["fuzhou_1"])
    services.message_send(recipient=secretary_a, subject="请核对名单", url="/members/")
    _choose(secretary_a, "daily", "chen@example.cn")
    _choose(secretary_b, "daily", "")  # no address: skipped, said so
    out = _run()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["chen@example.cn"] and "请核对名单" in sent.body and "/checkin/" in sent.body
    assert "secretary_b" in out and "no e-mail address" in out
    assert DigestSent.objects.get().reminders == 1
    # What is due is counted for every login with a role: the nav's count until the next run.
    assert InboxState.objects.get(user=staff).counted_at is not None

    _run()  # the same day again: nothing twice
    assert len(mail.outbox) == 1 and DigestSent.objects.count() == 1


def test_daily_each_day_weekly_once_a_week(tree, secretary_a, staff, on_day):
    today = clock.today()
    monday = today - datetime.timedelta(days=today.weekday())
    on_day(monday)
    arrival(tree["fuzhou_1"])  # due every day, in both their scopes: each digest has something to say
    _choose(secretary_a, "weekly", "chen@example.cn")
    _choose(staff, "daily", "office@example.cn")
    for day in (monday, monday + datetime.timedelta(days=3), monday + datetime.timedelta(days=7)):
        on_day(day)
        _run()
        _run()  # twice a day: the second finds each digest sent
    to = [message.to[0] for message in mail.outbox]
    assert to.count("chen@example.cn") == 2  # the two weeks
    assert to.count("office@example.cn") == 3  # the three days
    weeks = sorted(DigestSent.objects.filter(frequency="weekly").values_list("period_start", flat=True))
    assert weeks == [monday, monday + datetime.timedelta(days=7)]


def test_frequency_and_dry_run(tree, secretary_a, staff):
    arrival(tree["fuzhou_1"])
    _choose(secretary_a, "weekly", "chen@example.cn")
    _choose(staff, "daily", "office@example.cn")
    services.message_send(recipient=staff, subject="答复")
    out = _run("--dry-run")
    assert "would send" in out and mail.outbox == [] and not DigestSent.objects.exists()
    assert InboxState.objects.filter(counted_at__isnull=False).count() == 0  # nothing written
    _run("--frequency", "weekly")
    assert [message.to for message in mail.outbox] == [["chen@example.cn"]]
