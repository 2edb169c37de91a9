"""Meetings (ORGLIFE.md §1): recording one that counts as several kinds, its attendance sheet in one
POST (present, excused with a reason, absent, elsewhere with where and when), the list (scoped,
filtered, sorted, exported, bounded queries), editing with the version check, the minutes as a PDF."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Attendance, ExportLog, Gathering, GatheringKind
from registry.orglife import selectors, services
from tests.outreach.helpers import shown, today

NEW = reverse("registry:meeting_create")
LIST = reverse("registry:meeting_list")


def meeting(organization, kinds=("general_meeting",), day=None, topic="学习党章", actor=None):
    return services.gathering_create(
        data={"organization": organization, "date": day or today(), "topic": topic}, kinds=kinds, actor=actor
    )


def form_data(organization, **extra):
    return {
        "organization": organization.pk,
        "kinds": ["general_meeting", "party_day"],
        "date": today().isoformat(),
        "start_time": "09:00",
        "end_time": "11:30",
        "topic": "学习贯彻全会精神",
        "place": "商会会议室",
        "chair_name": "",
        "recorder_name": "",
        "content": "传达学习",
        "decisions": "",
        "minutes": "会议记录正文",
        "guests": "李积极（入党积极分子）",
        "notes": "",
        **extra,
    }


def test_secretary_records_one_meeting_of_two_kinds(client_for, secretary_a, tree, members):
    chair = members["fuzhou_1"][0]
    response = client_for(secretary_a).post(NEW, form_data(tree["fuzhou_1"], chair_name=chair.name))
    gathering = Gathering.objects.get()
    assert response.status_code == 302 and response.url == reverse("registry:meeting_detail", args=[gathering.pk])
    assert sorted(gathering.kinds.values_list("kind", flat=True)) == ["general_meeting", "party_day"]
    assert gathering.chair == chair and gathering.chair_shown == chair.name
    assert gathering.created_by == secretary_a and gathering.history.get().history_user == secretary_a
    assert gathering.start_time == datetime.time(9, 0) and gathering.guests.startswith("李积极")


def test_bad_meetings_are_refused(client_for, secretary_a, tree):
    client = client_for(secretary_a)
    no_kind = client.post(NEW, form_data(tree["fuzhou_1"], kinds=[]))
    assert shown("Choose at least one kind.") in " ".join(no_kind.context["form"].errors["kinds"])
    unknown = client.post(NEW, form_data(tree["fuzhou_1"], kinds=["tea_party"]))
    assert "kinds" in unknown.context["form"].errors
    future = client.post(NEW, form_data(tree["fuzhou_1"], date=(today() + datetime.timedelta(days=1)).isoformat()))
    assert "date" in future.context["form"].errors
    backwards = client.post(NEW, form_data(tree["fuzhou_1"], start_time="11:00", end_time="10:00"))
    assert "end_time" in backwards.context["form"].errors
    assert client.post(NEW, form_data(tree["putian"])).status_code == 404  # another secretary's branch
    assert not Gathering.objects.exists()


def test_the_reviewer_may_not_record(client_for, reviewer, tree):
    assert client_for(reviewer).post(NEW, form_data(tree["fuzhou_1"])).status_code == 403
    assert not Gathering.objects.exists()


def test_the_sheet_lists_every_expected_member_and_saves_in_one_post(client_for, secretary_a, tree, members):
    gathering = meeting(tree["fuzhou"], kinds=("general_meeting", "party_day"))
    present, excused = members["fuzhou_1"]
    elsewhere, untouched = members["fuzhou_2"]
    client = client_for(secretary_a)
    page = client.get(reverse("registry:meeting_detail", args=[gathering.pk]))
    listed = [member for member, _attendance in page.context["sheet"]["lines"]]
    assert {m.pk for m in listed} == {m.pk for m in members["fuzhou_1"] + members["fuzhou_2"]}
    response = client.post(
        reverse("registry:meeting_attendance", args=[gathering.pk]),
        {
            f"status_{present.pk}": "present",
            f"status_{excused.pk}": "excused",
            f"reason_{excused.pk}": "illness",
            f"status_{elsewhere.pk}": "elsewhere",
            f"where_{elsewhere.pk}": "泉州市丰泽区某社区党支部",
            f"on_{elsewhere.pk}": (today() - datetime.timedelta(days=3)).isoformat(),
            f"status_{untouched.pk}": "",
            f"reason_{present.pk}": "official",  # a reason with 出席 is not kept
        },
    )
    assert response.status_code == 302
    rows = {a.member_id: a for a in Attendance.objects.filter(gathering=gathering)}
    assert set(rows) == {present.pk, excused.pk, elsewhere.pk}
    assert (rows[present.pk].status, rows[present.pk].reason) == ("present", "")
    assert (rows[excused.pk].status, rows[excused.pk].reason) == ("excused", "illness")
    assert rows[elsewhere.pk].elsewhere_organization == "泉州市丰泽区某社区党支部"
    assert rows[elsewhere.pk].history.get().history_user == secretary_a
    assert Gathering.objects.filter(pk=gathering.pk).get().pk  # still there
    assert selectors.gathering_detail(secretary_a, gathering.pk).took_part_count == 2


def test_elsewhere_without_the_organization_is_refused_and_nothing_saved(client_for, secretary_a, tree, members):
    gathering = meeting(tree["fuzhou_1"])
    first, second = members["fuzhou_1"]
    response = client_for(secretary_a).post(
        reverse("registry:meeting_attendance", args=[gathering.pk]),
        {f"status_{first.pk}": "present", f"status_{second.pk}": "elsewhere"},
    )
    assert response.status_code == 200
    assert f"where_{second.pk}" in response.context["sheet_form"].errors
    assert not Attendance.objects.exists()


def test_a_sheet_names_only_expected_members(client_for, secretary_a, tree, members):
    """A member of another branch posted into the sheet is ignored (not a line of this meeting)."""
    gathering = meeting(tree["fuzhou_1"])
    other = members["fuzhou_2"][0]
    client_for(secretary_a).post(
        reverse("registry:meeting_attendance", args=[gathering.pk]),
        {f"status_{members['fuzhou_1'][0].pk}": "present", f"status_{other.pk}": "present"},
    )
    assert list(Attendance.objects.values_list("member_id", flat=True)) == [members["fuzhou_1"][0].pk]


def test_expected_members_are_the_organizations_subtree(tree, members):
    gathering = meeting(tree["fuzhou"])
    expected = set(selectors.expected_members(gathering).values_list("pk", flat=True))
    assert expected == {m.pk for m in members["fuzhou_1"] + members["fuzhou_2"]}


def test_pages_are_scoped(client_for, secretary_b, reviewer, tree, members):
    gathering = meeting(tree["fuzhou_1"])
    client = client_for(secretary_b)
    for name in ("meeting_detail", "meeting_edit", "meeting_pdf", "meeting_attendance_export"):
        assert client.get(reverse(f"registry:{name}", args=[gathering.pk])).status_code == 404, name
    assert client.post(reverse("registry:meeting_attendance", args=[gathering.pk]), {}).status_code == 404
    assert gathering not in client.get(LIST).context["page"].object_list
    reviewing = client_for(reviewer)
    page = reviewing.get(reverse("registry:meeting_detail", args=[gathering.pk]))
    assert page.status_code == 200 and page.context["sheet_form"] is None
    assert reviewing.get(reverse("registry:meeting_edit", args=[gathering.pk])).status_code == 403


def test_the_list_filters_sorts_and_exports(client_for, staff, tree, members):
    meeting(tree["fuzhou_1"], kinds=("general_meeting", "party_day"), topic="甲", day=today().replace(month=1, day=1))
    meeting(tree["putian"], kinds=("lecture",), topic="乙")
    meeting(tree["fuzhou_2"], kinds=("group_meeting",), topic="丙", day=datetime.date(today().year - 1, 6, 1))
    client = client_for(staff)
    topics = lambda response: [g.topic for g in response.context["page"].object_list]  # noqa: E731
    assert topics(client.get(LIST, {"kind": "party_day"})) == ["甲"]
    assert sorted(topics(client.get(LIST, {"organization": tree["fuzhou"].pk}))) == ["丙", "甲"]
    assert sorted(topics(client.get(LIST, {"year": today().year}))) == ["乙", "甲"]
    assert topics(client.get(LIST, {"sort": "topic"})) == ["丙", "乙", "甲"]
    assert list(client.get(LIST, {"year": "²"}).context["page"].object_list) == []
    response = client.get(reverse("registry:meeting_export"), {"kind": "party_day"})
    assert (
        response.status_code == 200 and ExportLog.objects.get().kind == "meetings" and ExportLog.objects.get().rows == 1
    )


def test_the_list_makes_a_bounded_number_of_queries(client_for, staff, tree, members, django_assert_max_num_queries):
    client = client_for(staff)
    for count in (2, 12):
        while Gathering.objects.count() < count:
            gathering = meeting(tree["fuzhou_1"], kinds=("general_meeting", "party_day"))
            services.attendance_add(gathering=gathering, members=members["fuzhou_1"], actor=None)
        with django_assert_max_num_queries(12):
            assert client.get(LIST).status_code == 200


def test_editing_checks_the_version_and_changes_the_kinds(client_for, secretary_a, tree):
    gathering = meeting(tree["fuzhou_1"])
    client = client_for(secretary_a)
    url = reverse("registry:meeting_edit", args=[gathering.pk])
    version = client.get(url).context["form"].initial["version"]
    services.gathering_update(gathering=gathering, data={"topic": "别人改过"}, actor=None)
    stale = client.post(url, {**form_data(tree["fuzhou_1"], kinds=["lecture"]), "version": version})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    fresh = client.get(url).context["form"].initial["version"]
    assert client.post(url, {**form_data(tree["fuzhou_1"], kinds=["lecture"]), "version": fresh}).status_code == 302
    assert list(GatheringKind.objects.filter(gathering=gathering).values_list("kind", flat=True)) == ["lecture"]


def test_the_minutes_print_on_a4_with_the_attendance(client_for, staff, tree, members):
    pypdf = pytest.importorskip("pypdf")
    gathering = meeting(tree["fuzhou_1"], kinds=("general_meeting", "party_day"))
    services.attendance_add(gathering=gathering, members=members["fuzhou_1"][:1], actor=None)
    response = client_for(staff).get(reverse("registry:meeting_pdf", args=[gathering.pk]))
    assert response["Content-Type"] == "application/pdf"
    import io

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "会议记录" in text and members["fuzhou_1"][0].name in text
    assert ExportLog.objects.get().kind == "meeting_record"
