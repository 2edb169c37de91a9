"""The admin's audit records: read-only, exported through django-import-export, each export logged."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from registry.exports.workbooks import log_export
from registry.models import ExportLog, ImportRun


def export_data(client, url, format_label) -> dict:
    """The admin's export form filled in as a person would: the offered format, every field ticked."""
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    data["format"] = next(value for value, label in form.fields["format"].choices if label == format_label)
    return data


def export(client, url_name, format_label):
    """Posts the admin's export form as a person would."""
    url = reverse(url_name)
    return client.post(url, export_data(client, url, format_label))


def test_an_administrator_exports_the_import_record_and_the_export_is_logged(client_for, admin, staff):
    ImportRun.objects.create(
        user=staff,
        kind="members",
        file_name="花名册.xlsx",
        checksum="a" * 64,
        content=b"secret bytes",
        state=ImportRun.State.DONE,
        counts={"new": 3},
    )
    client = client_for(admin)
    response = export(client, "admin:registry_importrun_export", "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "花名册.xlsx" in response.content.decode("utf-8-sig")
    assert "secret bytes" not in response.content.decode("utf-8-sig")
    entry = ExportLog.objects.get()
    assert entry.user == admin and entry.kind == "admin:importrun" and entry.rows == 1


def test_the_export_log_itself_exports_as_a_workbook(client_for, admin, staff):
    log_export(user=staff, kind="members", filters={"q": ["王"]}, rows=12, file_name="党员.xlsx")
    client = client_for(admin)
    response = export(client, "admin:registry_exportlog_export", "xlsx")
    table = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "党员.xlsx" in table[1]
    assert ExportLog.objects.filter(kind="admin:exportlog", user=admin).count() == 1


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


def test_only_administrators_reach_the_admin_export(client_for, admin, staff):
    log_export(user=staff, kind="members", filters={}, rows=1, file_name="x.xlsx")
    url = reverse("admin:registry_exportlog_export")
    data = export_data(client_for(admin), url, "csv")  # what an administrator would post
    client = client_for(staff)
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, data)
    assert response.status_code in (302, 403)
    assert not response.get("Content-Disposition")
    assert not ExportLog.objects.filter(kind="admin:exportlog").exists()
