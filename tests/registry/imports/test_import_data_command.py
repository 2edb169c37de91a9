"""python manage.py import_data: exit codes, the JSON summary, the error workbook, --user."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from registry.imports import ERROR_COLUMN
from registry.models import Member
from tests import factories
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db


def run(*args):
    """(exit code, stdout, stderr) of the command."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_data", *map(str, args), stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def roster(tmp_path, tree):
    def write(rows, name="roster.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbooks.xlsx([MEMBER_HEADERS, *rows]))
        return path

    return write


def test_every_row_valid_exits_0_and_prints_one_json_object(roster, tree):
    code, out, err = run("members", roster([member_row(tree["fuzhou_1"])]), "--json")
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert summary == {
        "rows": 1,
        "new": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "skipped_lines": [],
        "ignored_columns": [],
        "errors": [],
    }
    assert Member.objects.count() == 1


def test_invalid_rows_exit_1_and_write_nothing_unless_skipped(roster, tree, tmp_path):
    path = roster([member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_1"], phone="12")])
    code, out, _err = run("members", path, "--json", "--errors-out", tmp_path / "errors.xlsx")
    assert code == 1
    assert [(e["row"], e["column"], e["value"]) for e in json.loads(out)["errors"]] == [(3, "联系电话", "12")]
    assert Member.objects.count() == 0
    sheet = load_workbook(tmp_path / "errors.xlsx").active
    assert sheet.cell(row=1, column=len(MEMBER_HEADERS) + 1).value == ERROR_COLUMN
    assert sheet.max_row == 2

    code, _out, _err = run("members", path, "--skip-invalid")
    assert code == 1
    assert Member.objects.count() == 1


def test_a_dry_run_writes_nothing(roster, tree):
    code, out, _err = run("members", roster([member_row(tree["fuzhou_1"])]), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["new"] == 1
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    "content, name",
    [
        (b"", "empty.xlsx"),
        (b"just some notes\n", "notes.xlsx"),
        (workbooks.xlsx([["甲", "乙", "丙"], [1, 2, 3]]), "other.xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_exits_2_with_one_sentence(tmp_path, db, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = run("members", path)
    assert code == 2
    assert err.strip() and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_file_over_the_limit_exits_2(tmp_path, db, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.csv"
    path.write_bytes(b"a" * 101)
    assert run("members", path)[0] == 2


def test_sheet_and_user_options(tmp_path, tree, staff):
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        workbooks.xlsx(
            [MEMBER_HEADERS, member_row(tree["fuzhou_1"])], sheet="名单", extra_sheets=[("说明", [["填表说明"]])]
        )
    )
    code, _out, _err = run("members", path, "--sheet", "名单", "--user", "staff")
    assert code == 0
    assert Member.history.get().history_user == staff


def test_a_secretary_given_with_user_is_held_to_their_scope(tmp_path, tree, secretary_b):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbooks.xlsx([MEMBER_HEADERS, member_row(tree["fuzhou_1"]), member_row(tree["putian"])]))
    code, out, _err = run("members", path, "--user", "secretary_b", "--json", "--skip-invalid")
    assert code == 1
    assert [error["row"] for error in json.loads(out)["errors"]] == [2]
    assert list(Member.objects.values_list("organization__name", flat=True)) == [tree["putian"].name]


def test_existing_records_reported_unchanged_on_a_second_run(roster, tree):
    path = roster([member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_2"], id_number=factories.make_id_number())])
    assert run("members", path)[0] == 0
    code, out, _err = run("members", path, "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2


def test_every_command_import_is_listed_with_the_web_imports(roster, tree, tmp_path, client_for, staff):
    from django.urls import reverse

    from registry.models import ImportRun

    good = roster([member_row(tree["fuzhou_1"])], name="good.xlsx")
    bad = roster([member_row(tree["fuzhou_1"], phone="12")], name="bad.xlsx")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a spreadsheet at all")
    run("members", good, "--dry-run")
    run("members", good)
    run("members", bad)
    run("members", junk)

    runs = list(ImportRun.objects.order_by("pk"))
    assert [(r.file_name, r.state, r.dry_run, r.source) for r in runs] == [
        ("good.xlsx", ImportRun.State.CHECKED, True, ImportRun.Source.COMMAND),
        ("good.xlsx", ImportRun.State.DONE, False, ImportRun.Source.COMMAND),
        ("bad.xlsx", ImportRun.State.FAILED, False, ImportRun.Source.COMMAND),
        ("junk.xlsx", ImportRun.State.REFUSED, False, ImportRun.Source.COMMAND),
    ]
    assert runs[1].counts["new"] == 1 and runs[2].counts["invalid"] == 1
    assert runs[2].message and runs[3].message
    assert runs[0].checksum == runs[1].checksum != runs[2].checksum and len(runs[3].checksum) == 64

    client = client_for(staff)
    listing = client.get(reverse("registry:import_list")).content.decode()
    assert all(name in listing for name in ("good.xlsx", "bad.xlsx", "junk.xlsx"))
    for run_ in runs:
        assert client.get(reverse("registry:import_detail", args=[run_.pk])).status_code == 200
