"""Import runs and their workers: a run whose worker falls silent is marked interrupted, and only an
interrupted run starts again, by the person who uploaded it (the real kill: test_interrupted.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from registry.imports import tasks
from registry.models import ImportRun, Member
from tests.registry.imports.test_import_views import roster, upload


def confirmed_run(client_for, staff, tree) -> ImportRun:
    client = client_for(staff)
    upload(client, roster(tree, good=3))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.CONFIRMED, dry_run=False)
    return run


def test_a_silent_run_is_interrupted_and_a_live_one_is_not(client_for, staff, tree):
    run = confirmed_run(client_for, staff, tree)
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.WRITING, heartbeat_at=now)
    assert tasks.interrupt_abandoned_runs(now=now + datetime.timedelta(seconds=30)) == 0
    assert tasks.interrupt_abandoned_runs(now=now + datetime.timedelta(seconds=61)) == 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.INTERRUPTED and run.finished_at and run.file


def test_only_an_interrupted_run_starts_again_and_only_by_its_owner(client_for, staff, admin, tree):
    run = confirmed_run(client_for, staff, tree)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.PREVIEW, dry_run=True)
    client = client_for(staff)
    response = client.post(reverse("registry:import_restart", args=[run.pk]), follow=True)
    assert "只有已中断的导入才能重新开始" in response.content.decode()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.INTERRUPTED)
    assert client_for(admin).post(reverse("registry:import_restart", args=[run.pk])).status_code == 403
    assert client.get(reverse("registry:import_restart", args=[run.pk])).status_code == 405

    client = client_for(staff)
    client.post(reverse("registry:import_restart", args=[run.pk]))  # checked again (dry run), immediately in tests
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW and run.counts["new"] == 3 and not Member.objects.exists()
