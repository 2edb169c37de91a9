"""Each member's organizational life (ORGLIFE.md §1): what counts (present or took part elsewhere, at a
meeting of one of the eight kinds, on the day recorded), the six-month work list against hand-built
records (with its edges, the way to get in touch, scope and masking, bounded queries), the member's page,
and a half year's meetings attended and expected for the liaison letter."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from registry.development.rules import add_months
from registry.models import ExportLog, Member
from registry.orglife.compliance import participation
from tests import factories
from tests.registry.orglife.compliance.helpers import D, meeting

WITHOUT = reverse("registry:meeting_without_life")
TODAY = D(2026, 11, 18)  # the day the people's records are read on (`people`)


def registered(member, day):
    Member.objects.filter(pk=member.pk).update(registered_on=day)
    member.registered_on = day
    return member


@pytest.fixture
def people(tree, on_day):
    """Seven members of fuzhou_1 and putian, registered here long ago unless said, read on 18 November
    2026 whatever the suite's day: the six months' edges are those of that day (a member present on 17
    May is on the list, one present on 18 May is not), and test_the_day_counted_from_moves_the_list
    moves the day around them. test_on_any_day_the_list_counts_six_calendar_months reads the list on
    the suite's day, whichever."""
    on_day(TODAY)
    made = {name: registered(factories.make_member(tree["fuzhou_1"], name=name), D(2020, 1, 1)) for name in "ABCDEF"}
    made["G"] = registered(factories.make_member(tree["putian"], name="G", phone="13800001111"), D(2020, 1, 1))
    fuzhou_1 = tree["fuzhou_1"]
    # A: present in June (more than six months? no: 5 months) → not on the list.
    meeting(fuzhou_1, D(2026, 6, 10), "party_day", present=[made["A"]], excused=[made["B"]], absent=[made["C"]])
    # B: excused at every meeting, present at an activity that is no meeting → on the list, never took part.
    meeting(fuzhou_1, D(2026, 9, 1), "special_lecture", present=[made["B"]])
    # C: present in May 2026 on the 17th: six months ended on the 17th of November → on the list.
    meeting(fuzhou_1, D(2026, 5, 17), "general_meeting", present=[made["C"]])
    # D: took part elsewhere, on a day of its own (September), recorded on May's sheet.
    meeting(fuzhou_1, D(2026, 5, 10), "party_day", elsewhere=[(made["D"], "福清市某村党支部", D(2026, 9, 5))])
    # E: registered here in July, never at a meeting → not yet.
    registered(made["E"], D(2026, 7, 1))
    # F: present on 18 May (exactly six months) → not on the list.
    meeting(fuzhou_1, D(2026, 5, 18), "lecture", present=[made["F"]])
    # G: none recorded, registered long ago (putian) → on the list.
    return made


def listed(response) -> list[str]:
    return [member.name for member in response.context["page"].paginator.object_list]


def test_the_six_month_list_against_the_records(client_for, staff, people):
    response = client_for(staff).get(WITHOUT)
    assert sorted(listed(response)) == ["B", "C", "G"]
    assert participation.without_life_count(TODAY) == 3
    rows = {member.name: member for member in response.context["page"].paginator.object_list}
    assert rows["C"].last_life == D(2026, 5, 17) and rows["B"].last_life is None
    # The longest without first: B and G never (registered 2020), then C.
    assert listed(response)[-1] == "C"


def test_the_day_counted_from_moves_the_list(people):
    assert participation.without_life_count(D(2026, 11, 17)) == 2  # C's six months not yet over
    assert participation.without_life_count(D(2026, 11, 19)) == 4  # F's are
    # On an earlier day, only what happened by then counts: D's September elsewhere is in the future.
    assert participation.without_life_count(D(2026, 3, 1)) == 7 - 1  # E not registered yet


def test_the_way_to_get_in_touch_and_the_scope(client_for, secretary_b, secretary_a, reviewer, people):
    body = client_for(secretary_b).get(WITHOUT).content.decode()
    assert listed(client_for(secretary_b).get(WITHOUT)) == ["G"]
    assert reverse("outreach:contact_create", args=[people["G"].pk]) in body and "13800001111" in body
    assert sorted(listed(client_for(secretary_a).get(WITHOUT))) == ["B", "C"]
    masked = client_for(reviewer).get(WITHOUT).content.decode()
    assert "13800001111" not in masked and "138****1111" in masked
    assert reverse("outreach:contact_create", args=[people["G"].pk]) not in masked  # a reviewer records nothing
    assert f"{reverse('registry:member_detail', args=[people['G'].pk])}#contact-log" in masked


def test_filters_sorting_and_the_export(client_for, staff, people, tree):
    client = client_for(staff)
    assert listed(client.get(WITHOUT, {"organization": tree["putian"].pk})) == ["G"]
    assert listed(client.get(WITHOUT, {"sort": "-last_life"}))[0] == "C"
    assert client.get(WITHOUT, {"organization": "²"}).context["filter"].form.errors
    response = client.get(reverse("registry:meeting_without_life_export"), {"sort": "name"})
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][:5] == ["姓名", "公民身份号码", "党组织", "类别", "最近一次组织生活"]
    assert [row[0] for row in rows[1:]] == ["B", "C", "G"]
    assert ExportLog.objects.get().kind == "without_life"


def test_on_any_day_the_list_counts_six_calendar_months(client_for, staff, tree):
    today = clock.today()
    long_ago, lately = add_months(today, -7), add_months(today, -5)
    made = {name: registered(factories.make_member(tree["fuzhou_1"], name=name), D(2020, 1, 1)) for name in "PQRS"}
    registered(made["S"], add_months(today, -3))  # registered here within the six months: not yet
    meeting(tree["fuzhou_1"], long_ago, "party_day", present=[made["P"]], excused=[made["Q"]])
    meeting(tree["fuzhou_1"], lately, "lecture", present=[made["Q"]], absent=[made["R"]])
    response = client_for(staff).get(WITHOUT)
    assert listed(response) == ["R", "P"]  # the longest without first: R never (registered 2020), P
    assert response.context["page"].paginator.object_list[1].last_life == long_ago
    assert participation.without_life_count(today) == 2


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    for _ in range(size):
        member = registered(factories.make_member(tree["putian"]), D(2020, 1, 1))
        meeting(tree["putian"], add_months(clock.today(), -10), "party_day", present=[member])
    client = client_for(staff)
    client.get(WITHOUT)
    with django_assert_max_num_queries(8):
        response = client.get(WITHOUT, {"per_page": 200})
    assert response.context["page"].paginator.count == size


def test_the_members_page_shows_the_last_organizational_life(client_for, staff, people):
    client = client_for(staff)
    section = client.get(reverse("registry:member_detail", args=[people["D"].pk])).content.decode()
    assert 'id="organizational-life"' in section and "2026-09-05" in section and "福清市某村党支部" in section
    assert 'id="without-life"' not in section
    c_page = client.get(reverse("registry:member_detail", args=[people["C"].pk])).content.decode()
    assert 'id="without-life"' in c_page and "2026-05-17" in c_page
    life = participation.member_life(people["B"], TODAY)
    assert life["last"] is None and life["without"] and life["recent"] == []


def test_a_half_year_attended_and_expected(tree, people):
    group = factories.make_organization("福州第一党小组", level="party_group", parent=tree["fuzhou_1"])
    h = registered(factories.make_member(group, name="H"), D(2020, 1, 1))
    registered(factories.make_member(tree["fuzhou_1"], name="late"), D(2026, 5, 15))
    # The branch's all-member meetings expect its group's members too; a committee meeting only those listed.
    meeting(tree["fuzhou_1"], D(2026, 3, 1), "general_meeting", present=[h])
    meeting(group, D(2026, 4, 1), "group_meeting")
    meeting(tree["fuzhou_1"], D(2026, 4, 2), "committee_meeting", present=[people["A"]])
    members = list(Member.objects.select_related("organization").filter(name__in=["A", "B", "D", "H", "late"]))
    found = participation.half_year_participation(members, D(2026, 1, 1), D(2026, 6, 30))
    by_name = {member.name: found[member.pk] for member in members}
    # Meetings of fuzhou_1 in the half year: 5-10 party day, 5-17 general, 5-18 lecture, 6-10 party day,
    # 3-1 general (four all-member kinds) — and A's committee meeting, which expected A (listed).
    assert (by_name["A"].attended, by_name["A"].expected) == (2, 6)
    assert (by_name["B"].attended, by_name["B"].expected) == (0, 5)
    assert (by_name["D"].attended, by_name["D"].elsewhere, by_name["D"].last) == (1, 1, D(2026, 9, 5))
    assert (by_name["H"].attended, by_name["H"].expected) == (1, 6)  # the group's meeting too
    assert (by_name["late"].attended, by_name["late"].expected) == (0, 3)  # 5-17, 5-18, 6-10
