"""The web import: upload → check (background) → preview → confirm or cancel → written; scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from registry.models import ImportRun, Member
from tests import factories


def upload(client, content: bytes, kind="members", name="花名册.xlsx"):
    return client.post(reverse("registry:import_new"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def roster(tree, *, bad=0, good=2, organization="莆田商会党支部"):
    rows = [
        [
            f"新党员{i}",
            factories.make_id_number(),
            organization,
            "在册流动党员",
            "正式党员",
            "2010-07-01",
            "13900000000",
        ]
        for i in range(good)
    ]
    rows += [[f"错误{i}", "110105194912310021", organization, "流动", "正式", "2010.7", ""] for i in range(bad)]
    return factories.member_workbook(rows, title="莆田商会流动党员花名册")


def test_upload_check_preview_confirm_write(client_for, staff, tree):
    client = client_for(staff)
    response = upload(client, roster(tree, good=3))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:import_detail", args=[run.pk])
    assert run.state == ImportRun.State.PREVIEW and run.dry_run
    assert run.counts == {"rows": 3, "new": 3, "updated": 0, "unchanged": 0, "invalid": 0}
    assert not Member.objects.exists(), "nothing is written before confirmation"
    page = client.get(response["Location"])
    assert page.context["may_confirm"] and len(page.context["rows"]["new"]) == 3

    client.post(reverse("registry:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and not run.dry_run
    assert Member.objects.count() == 3
    assert not run.file, "the uploaded file is dropped once written"
    assert Member.objects.first().history.first().history_user == staff


def test_invalid_rows_block_confirmation_unless_skipped(client_for, staff, tree):
    client = client_for(staff)
    upload(client, roster(tree, good=2, bad=1))
    run = ImportRun.objects.get()
    assert run.counts["invalid"] == 1
    assert run.preview["errors"][0]["row"] == 5  # title row, header row, two good rows
    response = client.post(reverse("registry:import_confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW and not Member.objects.exists()
    client.post(reverse("registry:import_confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and Member.objects.count() == 2
    assert response.status_code == 200


def test_error_workbook_downloads_with_explanations(client_for, staff, tree):
    import io

    from openpyxl import load_workbook

    client = client_for(staff)
    upload(client, roster(tree, good=1, bad=2))
    run = ImportRun.objects.get()
    response = client.get(reverse("registry:import_errors", args=[run.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][-1] == "错误说明"
    assert [row[0] for row in table[1:]] == ["错误0", "错误1"]
    assert all(row[-1] for row in table[1:])


def test_cancel_writes_nothing(client_for, staff, tree):
    client = client_for(staff)
    upload(client, roster(tree))
    run = ImportRun.objects.get()
    client.post(reverse("registry:import_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.CANCELLED and not Member.objects.exists()
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "content, name",
    [
        (b"", "empty.xlsx"),
        (b"just some text, not a workbook", "roster.xlsx"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "photo.xlsx"),
    ],
)
def test_unreadable_files_get_a_message_not_a_500(client_for, staff, tree, content, name):
    response = upload(client_for(staff), content, name=name)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors["file"]
    else:
        run = ImportRun.objects.get()
        assert run.state == ImportRun.State.REFUSED and run.message
    assert not Member.objects.exists()


def test_file_over_the_limit_is_refused(client_for, staff, tree, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(staff), roster(tree))
    assert response.status_code == 200
    assert "MB" in " ".join(response.context["form"].errors["file"])
    assert not ImportRun.objects.exists()


def test_secretary_rows_outside_their_subtree_are_invalid(client_for, secretary_a, tree):
    client = client_for(secretary_a)
    upload(client, roster(tree, good=2, organization="莆田商会党支部"))
    run = ImportRun.objects.get()
    assert run.counts["invalid"] == 2 and run.counts["new"] == 0


def test_secretary_imports_the_kinds_kept_within_a_subtree_only(client_for, secretary_a, tree):
    """The kinds whose importer says secretary_may_run — organizations too, below their own, as on the
    organization form and the command line — and not chambers or enterprises."""
    client = client_for(secretary_a)
    form = client.get(reverse("registry:import_new")).context["form"]
    offered = {kind for kind, _ in form.fields["kind"].choices}
    assert offered == {
        "members",
        "development",
        "movements",
        "dues",
        "organizations",
        "meetings",
        "meeting_attendance",
        "appraisal",
        "committee_members",
        "elections",
        "honours",
        "discipline",
    }
    response = upload(client, roster(tree), kind="chambers")
    assert response.status_code == 200 and "kind" in response.context["form"].errors


def test_secretary_sees_only_their_own_imports(client_for, secretary_a, secretary_b, staff, tree):
    upload(client_for(secretary_b), roster(tree, organization="莆田商会党支部"))
    theirs = ImportRun.objects.get()
    client = client_for(secretary_a)
    assert client.get(reverse("registry:import_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:import_errors", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("registry:import_confirm", args=[theirs.pk])).status_code == 404
    assert list(client.get(reverse("registry:import_list")).context["page"].object_list) == []
    staff_page = client_for(staff).get(reverse("registry:import_list"))
    assert list(staff_page.context["page"].object_list) == [theirs]


def test_reviewer_cannot_import(client_for, reviewer, tree):
    client = client_for(reviewer)
    assert client.get(reverse("registry:import_new")).status_code == 403
    assert upload(client, roster(tree)).status_code == 403
    assert not ImportRun.objects.exists()


def test_progress_endpoint(client_for, staff, tree):
    client = client_for(staff)
    upload(client, roster(tree))
    run = ImportRun.objects.get()
    data = client.get(reverse("registry:import_progress", args=[run.pk])).json()
    assert data == {
        "state": "preview",
        "label": data["label"],
        "percent": 100,
        "done": data["done"],
        "total": data["total"],
        "open": False,
    }


def test_get_cannot_confirm(client_for, staff, tree):
    client = client_for(staff)
    upload(client, roster(tree))
    run = ImportRun.objects.get()
    assert client.get(reverse("registry:import_confirm", args=[run.pk])).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_queued_imports(client_for, staff, tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    client = client_for(staff)
    upload(client, roster(tree, good=2))
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.QUEUED
    assert client.get(reverse("registry:import_progress", args=[run.pk])).json()["open"] is True
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and Member.objects.count() == 2


def test_import_list_queries_are_bounded(client_for, staff, tree, django_assert_max_num_queries):
    client = client_for(staff)
    for _ in range(15):
        upload(client, roster(tree, good=1))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("registry:import_list")).status_code == 200


def test_a_reviewer_sees_the_preview_masked_and_gets_no_error_workbook(client_for, staff, reviewer, tree):
    """The rows' keys (ID numbers), a phone before → after and an invalid ID number, masked for a
    role that sees personal data masked; the uploaded rows themselves (the error workbook) are for
    those who fix and import them, and its download is logged."""
    from registry.models import ExportLog

    known = factories.make_member(tree["putian"], phone="13911112222")
    rows = [
        [known.name, known.id_number, "莆田商会党支部", "在册流动党员", "正式党员", "", "13933334444"],
        ["错误", "110105194912310021", "莆田商会党支部", "在册流动党员", "正式党员", "2010-07-01", ""],
    ]
    upload(client_for(staff), factories.member_workbook(rows))
    run = ImportRun.objects.get()
    assert run.counts["updated"] == 1 and run.counts["invalid"] == 1

    page = client_for(reviewer).get(reverse("registry:import_detail", args=[run.pk]))
    body = page.content.decode()
    for secret in (known.id_number, "13911112222", "13933334444", "110105194912310021"):
        assert secret not in body
    change = page.context["rows"]["updated"][0]
    assert change["key"] == f"{known.id_number[:3]}***********{known.id_number[-4:]}"
    phone_change = next(item for item in change["changes"] if item["field"] == "phone")
    assert (phone_change["before"], phone_change["after"]) == ("139****2222", "139****4444")
    assert "110***********0021" in body
    assert not page.context["may_download_errors"] and 'id="download-errors"' not in body
    assert client_for(reviewer).get(reverse("registry:import_errors", args=[run.pk])).status_code == 403
    assert not ExportLog.objects.exists()

    page = client_for(staff).get(reverse("registry:import_detail", args=[run.pk]))
    assert known.id_number in page.content.decode() and 'id="download-errors"' in page.content.decode()
    assert client_for(staff).get(reverse("registry:import_errors", args=[run.pk])).status_code == 200
    assert ExportLog.objects.get().kind == "import_errors"


def test_a_preview_kept_without_its_fields_is_masked_by_the_column_headers(client_for, staff, reviewer, tree):
    """An import checked before the preview named each value's field: a landline before → after is
    masked all the same, found by its column's header."""
    upload(client_for(staff), roster(tree, good=1))
    run = ImportRun.objects.get()
    run.preview["rows"]["updated"] = [
        {
            "row": 3,
            "label": "王",
            "key": "350102196001030371",
            "changes": [{"column": "联系电话", "before": "059187654321", "after": "059112345678"}],
        }
    ]
    run.save(update_fields=["preview"])
    change = client_for(reviewer).get(reverse("registry:import_detail", args=[run.pk])).context["rows"]["updated"][0]
    assert change["key"] == "350***********0371"
    assert (change["changes"][0]["before"], change["changes"][0]["after"]) == ("059****4321", "059****5678")


def test_the_preview_names_a_record_once_when_its_key_is_its_name(client_for, staff, tree):
    """Issue 19: an organization's row showed its name twice (its label, then its key, which for
    organizations, chambers and enterprises is the name); a member's row shows the name and the ID number."""
    workbook = factories.member_workbook(
        [
            ["莆田商会党支部", "党支部", "福建商会党委", "", "", "", "", "林书记", ""],
            ["莆田商会第二党支部", "党支部", "福建商会党委", "", "", "", "", "", ""],
        ],
        headers=[
            "党组织名称",
            "组织类别",
            "上级党组织",
            "所属商会",
            "依托企业",
            "组建方式",
            "成立时间",
            "书记",
            "书记联系电话",
        ],
    )
    client = client_for(staff)
    page = client.get(upload(client, workbook, kind="organizations", name="党组织.xlsx")["Location"]).content.decode()
    run = ImportRun.objects.get()
    assert run.counts["new"] == 1 and run.counts["invalid"] == 0, run.preview
    for name in ("莆田商会党支部", "莆田商会第二党支部"):
        assert page.count(name) == 1, name
    id_number = factories.make_id_number()
    upload(
        client,
        factories.member_workbook(
            [["新党员", id_number, "莆田商会党支部", "在册流动党员", "正式党员", "2010-07-01", ""]]
        ),
    )
    page = client.get(reverse("registry:import_detail", args=[ImportRun.objects.latest("pk").pk])).content.decode()
    assert page.count("新党员") == 1 and page.count(id_number) == 1
