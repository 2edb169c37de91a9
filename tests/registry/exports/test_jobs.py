"""Long exports prepared in the background (registry/exports/jobs.py, tasks.py): above
REGISTRY_EXPORT_IN_REQUEST_ROWS rows the export view starts a job and sends the person to its page;
the worker writes the same workbook as the request would, in the scope and masking of the role it
was asked in; only that person, in that role, sees the page and downloads the file, and the
download is logged. Tasks run at once in tests (conftest's tasks_run_immediately)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches.services import role_assign
from registry.exports import lists, tasks
from registry.models import ExportJob, ExportLog, Member
from tests import factories
from tests.conftest import _user

ID_NUMBER = "公民身份号码"


def table(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def in_request(client, url, params=None) -> list[list]:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return table(response.content)


def in_background(client, url, params=None) -> tuple[ExportJob, list[list]]:
    response = client.get(url, params or {})
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("registry:export_job", args=[job.pk])
    download = client.get(reverse("registry:export_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    return job, table(download.content)


def test_a_long_export_is_prepared_in_the_background_with_the_rows_of_the_one_in_the_request(
    client_for, staff, members, settings
):
    client = client_for(staff)
    url = reverse("registry:member_export")
    at_once = in_request(client, url, {"status": "full"})
    assert ExportJob.objects.count() == 0 and len(at_once) == 9  # the header and the eight members

    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    job, prepared = in_background(client, url, {"status": "full"})
    assert prepared == at_once
    assert (job.kind, job.query, job.state, job.rows, job.requested_by) == ("members", "status=full", "done", 8, staff)
    assert job.file_name.startswith("党员_") and job.file_name.endswith(".xlsx")

    page = client.get(reverse("registry:export_job", args=[job.pk])).content.decode()
    assert 'data-state="done"' in page and reverse("registry:export_job_download", args=[job.pk]) in page
    assert 'http-equiv="refresh"' not in page  # done: no more reloading
    assert reverse("registry:member_list") + "?status=full" in page


def test_the_download_is_logged_not_the_preparing(client_for, staff, members, settings):
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 0
    client = client_for(staff)
    id_number = members["putian"][0].id_number
    client.get(reverse("registry:member_export"), {"q": id_number})
    job = ExportJob.objects.get()
    assert ExportLog.objects.count() == 0 and job.rows == 1
    client.get(reverse("registry:export_job_download", args=[job.pk]))
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.rows, log.file_name) == (staff, "members", 1, job.file_name)
    assert id_number not in str(log.filters) and id_number not in str(job.filters)  # typed in a search: masked


def test_a_secretarys_background_export_holds_only_their_organizations_members(
    client_for, secretary_a, members, settings
):
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    _job, prepared = in_background(client_for(secretary_a), reverse("registry:member_export"))
    names = sorted(row[0] for row in prepared[1:])
    assert names == sorted(member.name for key in ("fuzhou_1", "fuzhou_2") for member in members[key])


def test_a_reviewers_background_export_is_masked(client_for, reviewer, staff, members, settings):
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    _job, masked = in_background(client_for(reviewer), reverse("registry:member_export"))
    column = masked[0].index(ID_NUMBER)
    shown = {row[column] for row in masked[1:]}
    full = set(Member.objects.values_list("id_number", flat=True))
    assert shown and not shown & full and all("*" in value for value in shown)


def test_only_the_person_who_asked_sees_the_job(client, client_for, staff, secretary_b, members, settings):
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    client_for(staff).get(reverse("registry:member_export"))
    job = ExportJob.objects.get()
    page, download = (
        reverse("registry:export_job", args=[job.pk]),
        reverse("registry:export_job_download", args=[job.pk]),
    )
    for other in (_user("staff_2", "staff"), secretary_b):
        client.force_login(other)
        assert client.get(page).status_code == 404
        assert client.get(download).status_code == 404
    assert ExportLog.objects.count() == 0


def test_the_same_person_in_another_role_does_not_see_the_job(client_for, secretary_a, tree, members, settings):
    staff_role = role_assign(user=secretary_a, role="staff", organization=tree["committee"], actor=None, add=True)
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    client = client_for(secretary_a)
    client.get(reverse("registry:member_export"))  # as the branch's secretary
    job = ExportJob.objects.get()
    assert client.get(reverse("registry:export_job", args=[job.pk])).status_code == 200
    client.post(reverse("branches:role_choose"), {"assignment": staff_role.pk})
    assert client.get(reverse("registry:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:export_job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("registry:organization_export", "organizations"),
        ("registry:chamber_export", "chambers"),
        ("registry:enterprise_export", "enterprises"),
        ("registry:six_knowns_worklist_export", "six_knowns"),
    ],
)
def test_every_long_list_export_goes_to_the_background_alike(client_for, staff, tree, members, settings, name, kind):
    factories.make_enterprise()
    factories.make_member(tree["putian"], phone="")  # on the six knowns' work list
    client = client_for(staff)
    at_once = in_request(client, reverse(name))
    assert len(at_once) >= 2
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 0
    job, prepared = in_background(client, reverse(name))
    assert (job.kind, job.rows) == (kind, len(at_once) - 1)
    assert prepared == at_once


def test_a_job_still_waiting_is_not_started_twice_and_its_page_refreshes(client_for, staff, members, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker runs it
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    client = client_for(staff)
    first = client.get(reverse("registry:member_export"))
    second = client.get(reverse("registry:member_export"))
    job = ExportJob.objects.get()
    assert first["Location"] == second["Location"] and job.state == "queued"
    page = client.get(reverse("registry:export_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and 'data-state="queued"' in page
    assert client.get(reverse("registry:export_job_download", args=[job.pk])).status_code == 404


def test_a_failed_export_says_so_in_chinese(client_for, staff, members, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(lists.Selection, "workbook", broken)
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    client = client_for(staff)
    client.get(reverse("registry:member_export"))
    job = ExportJob.objects.get()
    assert job.state == "failed" and not job.file
    page = client.get(reverse("registry:export_job", args=[job.pk])).content.decode()
    assert 'data-state="failed"' in page and "导出" in job.message


def test_each_person_keeps_only_their_latest_files(client_for, staff, members, settings, monkeypatch):
    monkeypatch.setattr(tasks, "KEPT", 2)
    settings.REGISTRY_EXPORT_IN_REQUEST_ROWS = 1
    client = client_for(staff)
    for params in ({"status": "full"}, {"category": "registered_mobile"}, {}):
        client.get(reverse("registry:member_export"), params)
    kept = list(ExportJob.objects.order_by("pk"))
    assert [job.query for job in kept] == ["category=registered_mobile", ""]
    assert all(job.file.storage.exists(job.file.name) for job in kept)
