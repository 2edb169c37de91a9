"""An attendance sheet is imported by the spreadsheet pipeline and leaves a run in the registry's
import list, as every import does: written (with its counts), refused for bad rows (with the
workbook of bad rows to fix), or refused as a file (with the reason)."""

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
    return client.post(reverse("outreach:attendance_import", args=[event.pk]), {"file": file}, follow=True)


def test_a_good_sheet_is_written_and_its_run_is_listed(client_for, secretary_a, staff, members, event):
    first, second = members["fuzhou_1"]
    third = members["fuzhou_2"][0]
    services.attendance_add(activity=event, members=[third], actor=None)
    response = upload(
        client_for(secretary_a),
        event,
        sheet(
            [
                (1, first.name, first.id_number, "", "✓"),
                (2, second.name, "", "", "✓"),
                (3, third.name, third.id_number, "", ""),
            ]
        ),
    )
    assert response.redirect_chain and response.status_code == 200
    message = shown("Attendance sheet read: %(added)d attendees added, %(unchanged)d already recorded.") % {
        "added": 2,
        "unchanged": 1,
    }
    assert message in response.content.decode()
    assert {attendance.member for attendance in event.attendances.all()} == {first, second, third}
    reason = shown("Attendance sheet: %(name)s") % {"name": "签到表.xlsx"}
    assert Attendance.objects.get(member=first).history.get().history_change_reason == reason

    run = ImportRun.objects.get()
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
    response = upload(
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
    assert response.status_code == 200 and not response.redirect_chain
    assert {error.row for error in response.context["imported"].errors} == {4, 5}
    assert not Attendance.objects.exists()

    run = ImportRun.objects.get()
    assert (run.kind, run.state, run.file_name) == ("attendance", ImportRun.State.FAILED, "第二次签到.xlsx")
    assert run.counts == {"rows": 3, "new": 1, "updated": 0, "unchanged": 0, "invalid": 2}
    errors_url = reverse("registry:import_errors", args=[run.pk])
    assert errors_url in response.content.decode()  # offered on the activity page, to the one who uploaded it
    assert run in client_for(staff).get(IMPORTS).context["page"].object_list
    download = client_for(staff).get(errors_url)
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(download.content)).worksheets[0].iter_rows(values_only=True))
    assert "错误说明" in rows[0]
    assert {row[1] for row in rows[1:]} == {outsider.name, "查无此人"}


def test_a_refused_file_leaves_a_refused_run(client_for, secretary_a, staff, event):
    client = client_for(secretary_a)
    response = upload(
        client, event, SimpleUploadedFile("notes.xlsx", b"hello", content_type="application/octet-stream")
    )
    assert response.status_code == 200 and response.context["import_form"].errors["file"]
    run = ImportRun.objects.get()
    assert (run.kind, run.state, run.file_name, run.size, run.counts) == (
        "attendance",
        ImportRun.State.REFUSED,
        "notes.xlsx",
        5,
        {},
    )
    assert run.message and run.message in " ".join(response.context["import_form"].errors["file"])
    assert run in client_for(staff).get(IMPORTS).context["page"].object_list


def test_a_sheet_that_names_nobody_is_refused_in_its_own_words(client_for, secretary_a, event):
    response = upload(client_for(secretary_a), event, sheet([]))
    expected = shown("There are no rows below the header row (row %(row)d): the sheet names nobody.") % {"row": 2}
    assert response.context["import_form"].errors["file"] == [expected]
    assert ImportRun.objects.get().state == ImportRun.State.REFUSED
