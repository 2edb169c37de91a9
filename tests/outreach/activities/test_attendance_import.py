"""An attendance sheet is imported by the spreadsheet pipeline, checked in the background like every
import (issue 20 §2: never read inside the request), and leaves a run in the registry's import
list: written once confirmed (with its counts), refused for bad rows (with the workbook of bad rows
to fix), or refused as a file (with the reason)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from outreach.activities import services
from registry.models import Attendance, ImportRun
from tests import factories
from tests.outreach.helpers import shown, today

IMPORTS = reverse("registry:import_list")
HEADERS = ("序号", "姓名", "身份证号", "所在支部", "签名")


def sheet(rows, name="签到表.xlsx", headers=HEADERS) -> SimpleUploadedFile:
    data = factories.member_workbook([list(row) for row in rows], headers=list(headers), title="福州商会主题党日签到表")
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def event(tree):
    return services.activity_create(
        data={"topic": "主题党日", "date": today(), "organization": tree["fuzhou"]}, kind="party_day", actor=None
    )


def upload(client, event, file):
    """Uploads the sheet on the activity's page; the run it started (checked, in these tests, at once)."""
    response = client.post(reverse("outreach:attendance_import", args=[event.pk]), {"file": file})
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("registry:import_detail", args=[run.pk])
    return run


def confirm(client, run):
    response = client.post(reverse("registry:import_confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    return response


def test_a_good_sheet_is_written_and_its_run_is_listed(client_for, secretary_a, staff, members, event):
    first, second = members["fuzhou_1"]
    third = members["fuzhou_2"][0]
    services.attendance_add(activity=event, members=[third], actor=None)
    client = client_for(secretary_a)
    run = upload(
        client,
        event,
        sheet(
            [
                (1, first.name, first.id_number, "", "✓"),
                (2, second.name, "", "", "✓"),
                (3, third.name, third.id_number, "", ""),
            ]
        ),
    )
    assert run.state == ImportRun.State.PREVIEW and {a.member for a in event.attendances.all()} == {third}
    confirm(client, run)
    assert {attendance.member for attendance in event.attendances.all()} == {first, second, third}
    reason = shown("Attendance sheet: %(name)s") % {"name": "签到表.xlsx"}
    assert Attendance.objects.get(member=first).history.get().history_change_reason == reason

    assert (run.kind, run.state, run.user, run.file_name) == (
        "attendance",
        ImportRun.State.DONE,
        secretary_a,
        "签到表.xlsx",
    )
    assert run.counts == {"rows": 3, "new": 2, "updated": 0, "unchanged": 1, "invalid": 0}
    assert not run.error_workbook and not run.dry_run
    listed = client_for(staff).get(IMPORTS)
    assert run in listed.context["page"].object_list and "签到表.xlsx" in listed.content.decode()
    assert client_for(staff).get(reverse("registry:import_detail", args=[run.pk])).status_code == 200
    assert client_for(staff).get(reverse("registry:import_errors", args=[run.pk])).status_code == 404


def test_a_sheet_with_bad_rows_writes_nothing_and_its_bad_rows_download(client_for, secretary_a, staff, members, event):
    first = members["fuzhou_1"][0]
    outsider = members["putian"][0]
    client = client_for(secretary_a)
    run = upload(
        client,
        event,
        sheet(
            [
                (1, first.name, first.id_number, "", ""),
                (2, outsider.name, outsider.id_number, "", ""),
                (3, "查无此人", "", "", ""),
            ],
            name="第二次签到.xlsx",
        ),
    )
    assert {error["row"] for error in run.preview["errors"]} == {4, 5}
    response = confirm(client, run)
    assert not Attendance.objects.exists()
    assert (run.kind, run.state, run.file_name) == ("attendance", ImportRun.State.PREVIEW, "第二次签到.xlsx")
    assert run.counts == {"rows": 3, "new": 1, "updated": 0, "unchanged": 0, "invalid": 2}
    errors_url = reverse("registry:import_errors", args=[run.pk])
    assert errors_url in response.content.decode()  # offered on the run's page, to the one who uploaded it
    assert run in client_for(staff).get(IMPORTS).context["page"].object_list
    download = client_for(staff).get(errors_url)
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(download.content)).worksheets[0].iter_rows(values_only=True))
    assert "错误说明" in rows[0]
    assert {row[1] for row in rows[1:]} == {outsider.name, "查无此人"}


def test_a_refused_file_leaves_a_refused_run(client_for, secretary_a, staff, event):
    client = client_for(secretary_a)
    run = upload(client, event, SimpleUploadedFile("notes.xlsx", b"hello", content_type="application/octet-stream"))
    assert (run.kind, run.state, run.file_name, run.size, run.counts) == (
        "attendance",
        ImportRun.State.REFUSED,
        "notes.xlsx",
        5,
        {},
    )
    assert run.message and run.message in client.get(reverse("registry:import_detail", args=[run.pk])).content.decode()
    assert run in client_for(staff).get(IMPORTS).context["page"].object_list


def test_a_sheet_that_names_nobody_is_refused_in_its_own_words(client_for, secretary_a, event):
    run = upload(client_for(secretary_a), event, sheet([]))
    expected = shown("There are no rows below the header row (row %(row)d): the sheet names nobody.") % {"row": 2}
    assert (run.state, run.message) == (ImportRun.State.REFUSED, expected)


def test_the_worker_finds_the_activity_again_among_the_users(secretary_b, event):
    from registry.imports import ImportRefused, run_import

    with pytest.raises(ImportRefused) as caught:
        run_import("attendance", sheet([]).read(), filename="a.xlsx", actor=secretary_b, options={"activity": event.pk})
    assert caught.value.code == "unknown_activity"
