"""The `meetings` and `meeting_attendance` import kinds (docs/spreadsheets.md#meetings-columns):
several kinds in one 会议类型 (暨, 、), the sign-in sheet's meeting named by --meeting, by the meeting's
page or by its rows, 出席 and 外地参加 taking part, the refusal codes, all or nothing, re-import of an
export unchanged, a secretary held to their subtree."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Attendance, Gathering, GatheringKind, ImportRun
from registry.orglife import services
from tests.outreach.helpers import today
from tests.registry.imports import workbooks

pytestmark = pytest.mark.django_db

REGISTER = ["党组织", "会议类型", "日期", "主题", "主持人", "记录人", "地点"]
SIGN_IN = ["姓名", "公民身份号码", "出席情况", "原因", "参加组织"]


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_data", *map(str, args), stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, stdout.getvalue(), stderr.getvalue()


def write(tmp_path, rows, name="sheet.xlsx", title_rows=()):
    path = tmp_path / name
    path.write_bytes(workbooks.xlsx(rows, title_rows=title_rows, sheet="Sheet1"))
    return path


def errors(summary) -> list[tuple[int, str]]:
    return [(error["row"], error["code"]) for error in summary["errors"]]


def test_a_register_reads_several_kinds_in_one_cell_and_updates_on_reimport(tmp_path, tree, members):
    day = today().isoformat()
    chair = members["fuzhou_1"][0]
    path = write(
        tmp_path,
        [
            REGISTER,
            ["福州商会第一党支部", "支部党员大会暨主题党日", day, "学习党章", chair.name, "外请记录员", "会议室"],
            ["福州商会第二党支部", "党课、党小组会", day, "专题党课", "", "", ""],
        ],
        title_rows=[["2026年会议登记表"]],
    )
    code, out, _err = run("meetings", path, "--json")
    assert code == 0, out
    first = Gathering.objects.get(organization=tree["fuzhou_1"])
    assert sorted(first.kinds.values_list("kind", flat=True)) == ["general_meeting", "party_day"]
    assert first.chair == chair and first.recorder is None and first.recorder_name == "外请记录员"
    second = Gathering.objects.get(organization=tree["fuzhou_2"])
    assert sorted(second.kinds.values_list("kind", flat=True)) == ["group_meeting", "lecture"]
    code, out, _err = run("meetings", path, "--json")
    assert json.loads(out)["unchanged"] == 2 and Gathering.objects.count() == 2


def test_a_register_refuses_unknown_kinds_organizations_out_of_scope_and_future_days(tmp_path, tree, secretary_b):
    day = today().isoformat()
    path = write(
        tmp_path,
        [
            REGISTER,
            ["莆田商会党支部", "茶话会", day, "甲", "", "", ""],
            ["不存在的支部", "党课", day, "乙", "", "", ""],
            ["福州商会第一党支部", "党课", day, "丙", "", "", ""],
            ["莆田商会党支部", "党课", (today() + datetime.timedelta(days=10)).isoformat(), "丁", "", "", ""],
            ["莆田商会党支部", "主题党日", day, "戊", "", "", ""],
        ],
    )
    code, out, _err = run("meetings", path, "--json", "--user", "secretary_b")
    assert code == 1 and not Gathering.objects.exists()
    assert errors(json.loads(out)) == [
        (2, "unknown_meeting_kind"),
        (3, "unknown_organization"),
        (4, "scope"),
        (5, "future_date"),
    ]
    code, out, _err = run("meetings", path, "--json", "--user", "secretary_b", "--skip-invalid")
    assert code == 1 and list(Gathering.objects.values_list("topic", flat=True)) == ["戊"]


@pytest.fixture
def meeting(tree):
    return services.gathering_create(
        data={"organization": tree["fuzhou_1"], "date": today(), "topic": "学习"},
        kinds=("general_meeting", "party_day"),
        actor=None,
    )


def test_a_sign_in_sheet_names_its_meeting_by_the_option(tmp_path, meeting, members):
    present, elsewhere = members["fuzhou_1"]
    path = write(
        tmp_path,
        [
            SIGN_IN,
            [present.name, present.id_number, "出席", "", ""],
            [elsewhere.name, elsewhere.id_number, "外地参加", "", "泉州某社区党支部"],
        ],
    )
    code, out, err = run("meeting_attendance", path, "--meeting", meeting.pk, "--json")
    assert code == 0, (out, err)
    rows = {a.member_id: a for a in Attendance.objects.all()}
    assert rows[present.pk].status == "present" and rows[present.pk].took_part
    assert (rows[elsewhere.pk].status, rows[elsewhere.pk].elsewhere_organization) == ("elsewhere", "泉州某社区党支部")
    assert rows[elsewhere.pk].elsewhere_date == meeting.date and rows[elsewhere.pk].took_part


def test_a_sign_in_sheet_names_its_meeting_by_its_rows(tmp_path, meeting, members, tree):
    excused, absent = members["fuzhou_1"]
    day = today().isoformat()
    path = write(
        tmp_path,
        [
            [*SIGN_IN, "党组织", "会议类型", "日期"],
            [excused.name, "", "请假", "因病住院", "", "福州商会第一党支部", "主题党日", day],
            [absent.name, absent.id_number, "缺席", "", "", "福州商会第一党支部", "支部党员大会、主题党日", day],
            [absent.name, absent.id_number, "出席", "", "", "福州商会第一党支部", "党课", day],
        ],
    )
    code, out, _err = run("meeting_attendance", path, "--json")
    assert code == 1 and errors(json.loads(out)) == [(4, "unknown_meeting")]
    assert not Attendance.objects.exists()  # all or nothing
    code, out, _err = run("meeting_attendance", path, "--json", "--skip-invalid")
    rows = {a.member_id: a for a in Attendance.objects.all()}
    assert (rows[excused.pk].status, rows[excused.pk].reason, rows[excused.pk].reason_note) == (
        "excused",
        "illness",
        "因病住院",
    )
    assert rows[absent.pk].status == "absent" and not rows[absent.pk].took_part


def test_a_sign_in_sheet_refuses_strangers_and_unknown_words(tmp_path, meeting, members):
    mine = members["fuzhou_1"][0]
    stranger = members["putian"][0]
    path = write(
        tmp_path,
        [
            SIGN_IN,
            [stranger.name, stranger.id_number, "出席", "", ""],
            [mine.name, mine.id_number, "迟到", "", ""],
            ["查无此人", "", "出席", "", ""],
            [members["fuzhou_1"][1].name, "", "外地参加", "", ""],
        ],
    )
    code, out, _err = run("meeting_attendance", path, "--meeting", meeting.pk, "--json")
    assert code == 1 and not Attendance.objects.exists()
    assert errors(json.loads(out)) == [
        (2, "not_member_of_organization"),
        (3, "unknown_status"),
        (4, "unknown_member"),
        (5, "elsewhere_missing"),
    ]


def test_a_sheet_without_its_meeting_is_refused_and_the_option_belongs_to_its_kind(tmp_path, meeting, members):
    member = members["fuzhou_1"][0]
    path = write(tmp_path, [SIGN_IN, [member.name, member.id_number, "出席", "", ""]])
    code, out, _err = run("meeting_attendance", path, "--json")
    assert code == 2 and json.loads(out)["refused"] == "no_meeting"
    code, out, _err = run("meeting_attendance", path, "--json", "--meeting", 999999)
    assert code == 2 and json.loads(out)["refused"] == "unknown_meeting"
    with pytest.raises(Exception, match="--meeting"):
        call_command("import_data", "meetings", str(path), "--meeting", str(meeting.pk), stdout=io.StringIO())


def test_a_secretary_may_not_name_another_branchs_meeting(tmp_path, meeting, members, secretary_b):
    member = members["fuzhou_1"][0]
    path = write(tmp_path, [SIGN_IN, [member.name, member.id_number, "出席", "", ""]])
    code, out, _err = run("meeting_attendance", path, "--meeting", meeting.pk, "--json", "--user", "secretary_b")
    assert code == 2 and json.loads(out)["refused"] == "unknown_meeting"


def test_the_sign_in_sheet_exported_imports_back_unchanged(client_for, staff, tmp_path, meeting, members):
    first, second = members["fuzhou_1"]
    services.attendance_record(
        gathering=meeting,
        entries=[
            services.rules.Entry(member_id=first.pk, status="excused", reason="official"),
            services.rules.Entry(
                member_id=second.pk, status="elsewhere", elsewhere_organization="外地支部", elsewhere_date=today()
            ),
        ],
        actor=None,
    )
    response = client_for(staff).get(reverse("registry:meeting_attendance_export", args=[meeting.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:5] == SIGN_IN
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    code, out, _err = run("meeting_attendance", path, "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 2


def test_the_register_exported_imports_back_unchanged(client_for, staff, tmp_path, meeting):
    response = client_for(staff).get(reverse("registry:meeting_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == REGISTER
    assert sheet[2][1].value == "支部党员大会暨主题党日"
    path = tmp_path / "register.xlsx"
    path.write_bytes(response.content)
    code, out, _err = run("meetings", path, "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 1


def test_a_sign_in_sheet_uploaded_from_the_meetings_page(client_for, secretary_a, meeting, members):
    member = members["fuzhou_1"][0]
    content = workbooks.xlsx([SIGN_IN, [member.name, member.id_number, "出席", "", ""]], sheet="签到")
    client = client_for(secretary_a)
    url = reverse("registry:meeting_attendance_import", args=[meeting.pk])
    response = client.post(url, {"file": SimpleUploadedFile("签到表.xlsx", content)})
    run_ = ImportRun.objects.get()
    assert response["Location"] == reverse("registry:import_detail", args=[run_.pk])  # checked in the background
    assert not Attendance.objects.exists()
    client.post(reverse("registry:import_confirm", args=[run_.pk]))
    assert Attendance.objects.get().member == member
    run_.refresh_from_db()
    assert (run_.kind, run_.state, run_.user) == ("meeting_attendance", ImportRun.State.DONE, secretary_a)
    assert run_.options == {"meeting": meeting.pk, "file_name": "签到表.xlsx"}
    bad = workbooks.xlsx([SIGN_IN, ["查无此人", "", "出席", "", ""]], sheet="签到")
    client.post(url, {"file": SimpleUploadedFile("第二次.xlsx", bad)})
    assert ImportRun.objects.latest("pk").preview["errors"]


def test_the_meeting_kind_rows_count_one_meeting_of_two_kinds_once_per_kind(meeting):
    assert GatheringKind.objects.filter(gathering=meeting).count() == 2
    assert Gathering.objects.filter(kinds__kind="party_day").count() == 1
