"""The admin's audit records (the export log, the import runs): read, never changed, and not exported
from the admin — every export of registry data goes through the registry's own pages and is logged."""

import pytest
from django.urls import NoReverseMatch, reverse

from registry.exports.workbooks import log_export
from registry.models import ExportLog, ImportRun


def test_the_audit_records_are_read_in_the_admin_and_offer_no_export(client_for, admin, staff):
    log_export(user=staff, kind="members", filters={"q": ["王"]}, rows=12, file_name="党员.xlsx")
    ImportRun.objects.create(
        user=staff, kind="members", file_name="花名册.xlsx", checksum="a" * 64, state=ImportRun.State.DONE
    )
    client = client_for(admin)
    assert "党员.xlsx" in client.get(reverse("admin:registry_exportlog_changelist")).content.decode()
    assert "花名册.xlsx" in client.get(reverse("admin:registry_importrun_changelist")).content.decode()
    for name in ("admin:registry_exportlog_export", "admin:registry_importrun_export"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_audit_records_cannot_be_changed_in_the_admin(client_for, admin, staff):
    entry = log_export(user=staff, kind="members", filters={}, rows=1, file_name="x.xlsx")
    run = ImportRun.objects.create(
        user=staff, kind="members", file_name="花名册.xlsx", checksum="a" * 64, state=ImportRun.State.DONE
    )
    client = client_for(admin)
    fields = {"user": admin.pk, "kind": "members", "rows": 99, "file_name": "changed.xlsx", "filters": "{}"}
    assert client.get(reverse("admin:registry_exportlog_add")).status_code == 403
    assert client.post(reverse("admin:registry_exportlog_add"), fields).status_code == 403
    assert client.post(reverse("admin:registry_exportlog_change", args=[entry.pk]), fields).status_code == 403
    run_fields = {
        "source": "web",
        "kind": "members",
        "file_name": "changed.xlsx",
        "checksum": "b" * 64,
        "size": 1,
        "state": "failed",
        "progress_done": 0,
        "progress_total": 0,
        "counts": "{}",
    }
    assert client.post(reverse("admin:registry_importrun_change", args=[run.pk]), run_fields).status_code == 403
    assert client.post(reverse("admin:registry_exportlog_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:registry_importrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403
    assert (
        client.post(
            reverse("admin:registry_exportlog_changelist"),
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        ).status_code
        == 200
    )
    assert list(ExportLog.objects.values_list("pk", "rows", "file_name")) == [(entry.pk, 1, "x.xlsx")]
    assert list(ImportRun.objects.values_list("pk", "file_name", "state")) == [(run.pk, "花名册.xlsx", "done")]
