"""Activities and attendance: picking or typing members, importing an attendance sheet by the
spreadsheet rules (title row, header aliases, totals line, row errors, all or nothing),
participation on the member page, members who attended nothing this year; scope and queries."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach.activities import services
from registry.members import services as member_services
from registry.models import Attendance, Gathering, ImportRun
from tests import factories
from tests.outreach.helpers import FUTURE_MESSAGE, REQUIRED, shown, today, tomorrow

NEW = reverse("outreach:activity_create")
ABSENT = reverse("outreach:activity_absentees")


def activity(organizer, day=None, title="主题党日"):
    return services.activity_create(
        data={"topic": title, "date": day or today(), "organization": organizer}, kind="party_day", actor=None
    )


def sheet(
    rows, headers=("序号", "姓名", "身份证号", "所在支部", "签名"), title="福州商会第一党支部主题党日签到表"
) -> SimpleUploadedFile:
    data = factories.member_workbook([list(row) for row in rows], headers=list(headers), title=title)
    return SimpleUploadedFile("签到表.xlsx", data, content_type="application/octet-stream")


def test_secretary_creates_an_activity_with_history(client_for, secretary_a, tree):
    response = client_for(secretary_a).post(
        NEW,
        {
            "kind": "special_lecture",
            "title": "专家讲座",
            "date": today().isoformat(),
            "organizer": tree["fuzhou_1"].pk,
            "place": "会议室",
            "notes": "",
        },
    )
    assert response.status_code == 302
    created = Gathering.objects.get()
    assert created.created_by == secretary_a and created.history.get().history_user == secretary_a
    assert (created.topic, list(created.kinds.values_list("kind", flat=True))) == ("专家讲座", ["special_lecture"])


def test_bad_activities_are_refused(client_for, secretary_a, tree):
    client = client_for(secretary_a)
    data = {
        "kind": "special_lecture",
        "title": "专家讲座",
        "date": today().isoformat(),
        "organizer": tree["fuzhou_1"].pk,
    }
    assert shown(FUTURE_MESSAGE) in " ".join(
        client.post(NEW, {**data, "date": tomorrow()}).context["form"].errors["date"]
    )
    assert REQUIRED in " ".join(client.post(NEW, {**data, "title": ""}).context["form"].errors["title"])
    assert client.post(NEW, {**data, "organizer": tree["putian"].pk}).status_code == 404
    assert not Gathering.objects.exists()


def test_pick_members_and_type_names(client_for, secretary_a, members):
    event = activity(members["fuzhou_1"][0].organization.parent)
    first, second = members["fuzhou_1"]
    third = members["fuzhou_2"][0]
    url = reverse("outreach:attendance_add", args=[event.pk])
    response = client_for(secretary_a).post(url, {"members": [first.pk], "names": f"{second.name}\n{third.id_number}"})
    assert response.status_code == 302
    assert {attendance.member for attendance in event.attendances.all()} == {first, second, third}
    assert Attendance.objects.get(member=first).history.get().history_user == secretary_a


def test_unknown_or_out_of_scope_members_are_refused_and_nothing_written(client_for, secretary_a, members):
    event = activity(members["fuzhou_1"][0].organization)
    url = reverse("outreach:attendance_add", args=[event.pk])
    client = client_for(secretary_a)
    response = client.post(url, {"names": f"{members['fuzhou_1'][0].name}、查无此人"})
    assert response.status_code == 200 and "查无此人" in " ".join(response.context["pick_form"].errors["names"])
    response = client.post(url, {"members": [members["putian"][0].pk]})
    assert response.status_code == 200 and response.context["pick_form"].errors["members"]
    response = client.post(url, {})
    assert response.status_code == 200 and response.context["pick_form"].errors
    assert not Attendance.objects.exists()


def test_other_branches_activities_are_404(client_for, secretary_a, secretary_b, members, tree):
    event = activity(tree["putian"])
    client = client_for(secretary_a)
    assert client.get(reverse("outreach:activity_detail", args=[event.pk])).status_code == 404
    assert (
        client.post(
            reverse("outreach:attendance_add", args=[event.pk]), {"members": [members["putian"][0].pk]}
        ).status_code
        == 404
    )
    assert client.get(reverse("outreach:attendance_add", args=[event.pk])).status_code == 405
    assert not Attendance.objects.exists()


def test_import_an_attendance_sheet(client_for, secretary_a, members, tree):
    event = activity(tree["fuzhou"])
    first, second = members["fuzhou_1"]
    third = members["fuzhou_2"][0]
    upload = sheet(
        [
            (1, first.name, first.id_number, "福州商会第一党支部", "✓"),
            (2, f" {second.name} ", "", "", "✓"),  # by name alone
            (3, third.name, third.id_number.lower() if third.id_number.endswith("X") else third.id_number, "", ""),
            ("合计", "3人", "", "", ""),
        ]
    )
    client = client_for(secretary_a)
    response = client.post(reverse("outreach:attendance_import", args=[event.pk]), {"file": upload})
    assert response.status_code == 302 and not event.attendances.exists()  # checked in the background first
    client.post(reverse("registry:import_confirm", args=[ImportRun.objects.get().pk]))
    assert {attendance.member for attendance in event.attendances.all()} == {first, second, third}


def test_a_sheet_with_a_bad_row_adds_nobody_and_names_the_row(client_for, secretary_a, members, tree):
    event = activity(tree["fuzhou"])
    first = members["fuzhou_1"][0]
    outsider = members["putian"][0]
    upload = sheet(
        [
            (1, first.name, first.id_number, "", ""),
            (2, outsider.name, outsider.id_number, "", ""),
            (3, "查无此人", "", "", ""),
        ]
    )
    client = client_for(secretary_a)
    client.post(reverse("outreach:attendance_import", args=[event.pk]), {"file": upload})
    run = ImportRun.objects.get()
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    rows = {error["row"] for error in run.preview["errors"]}
    assert rows == {4, 5}  # Excel rows: the title is row 1, the header row 2
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_a_sheet_is_refused_in_words(client_for, secretary_a, tree):
    event = activity(tree["fuzhou"])
    upload = SimpleUploadedFile("notes.xlsx", b"hello", content_type="application/octet-stream")
    client_for(secretary_a).post(reverse("outreach:attendance_import", args=[event.pk]), {"file": upload})
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED and run.message
    assert not Attendance.objects.exists()


def test_participation_on_the_member_page_and_the_list_of_absentees(client_for, staff, members, tree):
    keen, idle = members["putian"]
    event = activity(tree["putian"], title="党史学习")
    old = activity(tree["putian"], day=datetime.date(today().year - 1, 6, 1), title="去年的活动")
    services.attendance_add(activity=event, members=[keen], actor=staff)
    services.attendance_add(activity=old, members=[idle], actor=staff)
    page = client_for(staff).get(reverse("registry:member_detail", args=[keen.pk])).content.decode()
    assert "党史学习" in page
    page = client_for(staff).get(reverse("registry:member_detail", args=[idle.pk])).content.decode()
    # Organizational life's own section names the last time they took part, whatever the year.
    page = re.sub(r'<section class="card" id="organizational-life">.*?</section>', "", page, flags=re.S)
    assert "党史学习" not in page and "去年的活动" not in page
    absent = client_for(staff).get(ABSENT).context["page"]
    assert idle in absent.object_list and keen not in absent.object_list
    absent = client_for(staff).get(ABSENT, {"year": today().year - 1}).context["page"]
    assert keen in absent.object_list and idle not in absent.object_list


def test_absentees_are_scoped(client_for, secretary_b, members, tree):
    page = client_for(secretary_b).get(ABSENT).context["page"]
    assert set(page.object_list) == set(members["putian"])
    assert client_for(secretary_b).get(ABSENT, {"organization": tree["fuzhou"].pk}).status_code == 404


def test_lists_make_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    people = [factories.make_member(tree["putian"]) for _ in range(40)]
    for index in range(30):
        services.attendance_add(
            activity=activity(tree["putian"], title=f"活动{index}"), members=people[:index], actor=staff
        )
    client = client_for(staff)
    client.get(ABSENT)
    for url in (reverse("outreach:activity_list"), ABSENT):
        with django_assert_max_num_queries(8):
            client.get(url)
    event = Gathering.objects.order_by("-pk").first()
    with django_assert_max_num_queries(14):
        response = client.get(reverse("outreach:activity_detail", args=[event.pk]))
    assert response.context["attendances"].paginator.count == 29


def test_picked_members_that_cannot_be_ids_are_a_form_error(client_for, secretary_a, members):
    """`²` and an id beyond 64 bits (which SQLite cannot even compare) are refused like an unknown member."""
    event = activity(members["fuzhou_1"][0].organization)
    url = reverse("outreach:attendance_add", args=[event.pk])
    client = client_for(secretary_a)
    for value in ("²", "99999999999999999999999", "-1"):
        response = client.post(url, {"members": [members["fuzhou_1"][0].pk, value]})
        assert response.status_code == 200 and response.context["pick_form"].errors["members"]
    assert not Attendance.objects.exists()


def test_the_attendee_count_stays_in_the_secretarys_scope(client_for, secretary_a, staff, members):
    """A member moved out of the secretary's subtree since the activity (or gone from the roster)
    is neither listed nor counted: the list's count is the page's."""
    event = activity(members["fuzhou_1"][0].organization)
    attended = members["fuzhou_1"] + members["fuzhou_2"]
    services.attendance_add(activity=event, members=attended, actor=None)
    moved = members["fuzhou_2"][0]
    member_services.member_update(member=moved, data={"organization": members["putian"][0].organization}, actor=staff)
    client = client_for(secretary_a)
    listed = client.get(reverse("outreach:activity_detail", args=[event.pk])).context["attendances"].paginator.count
    counted = {row.pk: row.attendee_count for row in client.get(reverse("outreach:activity_list")).context["page"]}
    assert listed == counted[event.pk] == 3
    staff_count = {
        row.pk: row.attendee_count for row in client_for(staff).get(reverse("outreach:activity_list")).context["page"]
    }
    assert staff_count[event.pk] == 4
