"""Drafting the letters from the records: one per home organization, the roster's count,
the organizations, their activities in the half year and the members' attendance."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from outreach.letters import services
from outreach.letters.drafting import drafts_for, last_completed_half
from outreach.models import LiaisonLetter
from registry.models import Attendance, Gathering, GatheringKind
from tests.outreach.letters.conftest import BANGTOU, JIANGJING


def activity(organizer, title, date, attendees=()):
    item = Gathering.objects.create(topic=title, date=date, organization=organizer)
    GatheringKind.objects.create(gathering=item, kind="special_lecture")
    for member in attendees:
        Attendance.objects.create(gathering=item, member=member, status="present")
    return item


def test_one_letter_per_home_organization_with_the_rosters_count(homes, staff, django_assert_max_num_queries):
    result = services.letters_generate(year=2026, half=1, actor=staff)
    letters = {letter.home_organization: letter for letter in LiaisonLetter.objects.all()}
    assert set(letters) == {JIANGJING, BANGTOU} and len(result["created"]) == 2
    assert letters[JIANGJING].member_count == 3 and letters[BANGTOU].member_count == 1
    assert letters[JIANGJING].committee.name == "福建商会党委"
    # In tree order: by organization path, then name in pinyin order (name_sort). (Paths are primary
    # keys as text, so whether 莆田 comes before 福州 depends on the keys the database gave: "1/10/"
    # sorts before "1/9/".)
    in_tree_order = sorted(homes[JIANGJING], key=lambda member: (member.organization.path, member.name_sort))
    assert [row["name"] for row in letters[JIANGJING].roster] == [member.name for member in in_tree_order]
    assert letters[JIANGJING].history.get().history_user == staff
    with django_assert_max_num_queries(7):  # 5, and 2 for the meetings attended and expected (organizational life)
        drafts_for(2026, 1)


def test_the_draft_reports_organizations_activities_and_attendance_of_the_half_year(homes, tree):
    lin1, lin2, lin3 = homes[JIANGJING]
    activity(tree["fuzhou_1"], "学习党章讲座", datetime.date(2026, 3, 1), [lin1, lin2])
    activity(tree["fuzhou_1"], "主题党日", datetime.date(2026, 5, 1), [lin1])
    activity(tree["fuzhou_1"], "下半年的活动", datetime.date(2026, 8, 1), [lin1, lin2])
    activity(tree["committee"], "党委组织的参观", datetime.date(2026, 4, 1), [lin3])
    draft = drafts_for(2026, 1)[JIANGJING]
    assert "3" in draft.members_text and "福建省福清市江镜镇" in draft.members_text and "林三" in draft.members_text
    assert "福州商会第一党支部" in draft.organizations_text and "莆田商会党支部" in draft.organizations_text
    assert "学习党章讲座" in draft.organizations_text and "主题党日" in draft.organizations_text
    assert "下半年的活动" not in draft.organizations_text + draft.participation_text
    assert "党委组织的参观" in draft.participation_text  # attended, though organized elsewhere
    assert {row["name"]: row["activities"] for row in draft.roster} == {"林一": 2, "林二": 1, "林三": 1}
    assert "学习党章讲座" not in drafts_for(2026, 1)[BANGTOU].organizations_text


def test_generating_again_keeps_every_existing_letter(homes, staff):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=JIANGJING)
    services.letter_update(letter=letter, data={"members_text": "改过的文字"}, actor=staff)
    from tests import factories

    factories.make_member(homes[BANGTOU][0].organization, origin_organization="中共新来镇委员会")
    result = services.letters_generate(year=2026, half=1, actor=staff)
    assert [letter.home_organization for letter in result["created"]] == ["中共新来镇委员会"] and result["kept"] == 2
    assert LiaisonLetter.objects.get(home_organization=JIANGJING).members_text == "改过的文字"


def test_regenerating_never_overwrites_edits_silently(homes, staff, tree):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=JIANGJING)
    services.letter_update(
        letter=letter, data={"organizations_text": "人工改写", "performance_text": "表现良好"}, actor=staff
    )
    assert letter.has_edits
    from tests import factories

    factories.make_member(tree["fuzhou_2"], name="林五", origin_organization=JIANGJING)
    with pytest.raises(ValidationError) as caught:
        services.letter_regenerate(letter=letter, actor=staff)
    assert caught.value.code == "has_edits"
    letter.refresh_from_db()
    assert (letter.organizations_text, letter.member_count) == ("人工改写", 3)
    changed = services.letter_regenerate(letter=letter, actor=staff, replace_edits=True)
    letter.refresh_from_db()
    assert "member_count" in changed and letter.member_count == 4 and "林五" in letter.organizations_text
    assert letter.performance_text == "表现良好" and not letter.has_edits
    assert letter.history.count() == 3


def test_an_unedited_draft_regenerates_without_asking(homes, staff, tree):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=BANGTOU)
    activity(tree["putian"], "新活动", datetime.date(2026, 2, 2), homes[BANGTOU])
    services.letter_regenerate(letter=letter, actor=staff)
    assert "新活动" in letter.participation_text


def test_marking_sent_needs_the_performance_part_and_freezes_the_letter(homes, staff):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=BANGTOU)
    with pytest.raises(ValidationError) as caught:
        services.letter_mark_sent(letter=letter, sent_on=datetime.date(2026, 7, 10), sent_via="post", actor=staff)
    assert "performance_text" in caught.value.error_dict
    assert LiaisonLetter.objects.get(pk=letter.pk).state == "draft" and letter.state == "draft"
    services.letter_update(letter=letter, data={"performance_text": "按时参加组织生活"}, actor=staff)
    with pytest.raises(ValidationError):
        services.letter_mark_sent(letter=letter, sent_on=datetime.date(2025, 12, 1), sent_via="post", actor=staff)
    services.letter_mark_sent(letter=letter, sent_on=datetime.date(2026, 7, 10), sent_via="post", actor=staff)
    for change in (
        lambda: services.letter_update(letter=letter, data={"performance_text": "x"}, actor=staff),
        lambda: services.letter_regenerate(letter=letter, actor=staff, replace_edits=True),
        lambda: services.letter_mark_sent(
            letter=letter, sent_on=datetime.date(2026, 7, 11), sent_via="post", actor=staff
        ),
    ):
        with pytest.raises(ValidationError):
            change()
    letter.refresh_from_db()
    assert (letter.state, letter.sent_on, letter.performance_text) == (
        "sent",
        datetime.date(2026, 7, 10),
        "按时参加组织生活",
    )


def test_the_half_year_letters_are_due_for():
    assert last_completed_half(datetime.date(2026, 11, 1)) == (2026, 1)
    assert last_completed_half(datetime.date(2026, 3, 1)) == (2025, 2)


def test_the_drafting_form_proposes_the_half_year_not_drafted_yet():
    from outreach.letters.drafting import proposed_half

    november = datetime.date(2026, 11, 27)
    assert proposed_half(november, set()) == (2026, 1)  # the first half's letters are still due
    assert proposed_half(november, {(2026, 1)}) == (2026, 2)  # they are drafted: the half year under way
    assert proposed_half(datetime.date(2027, 2, 1), {(2026, 1), (2026, 2)}) == (2027, 1)


def test_the_draft_reports_each_members_organizational_life_here(homes, tree):
    """ORGLIFE.md §1: the letter tells the home organization how each member took part here — meetings
    taken part in (here or elsewhere) of those that expected them, and the last day."""
    from tests.registry.orglife.compliance.helpers import meeting

    lin1, lin2, lin3 = homes[JIANGJING]
    meeting(tree["fuzhou_1"], datetime.date(2026, 3, 10), "general_meeting", "party_day", present=[lin1], absent=[lin2])
    meeting(
        tree["fuzhou_1"],
        datetime.date(2026, 4, 10),
        "party_day",
        excused=[lin1],
        elsewhere=[(lin2, "福清市江镜镇党委", datetime.date(2026, 4, 12))],
    )
    meeting(tree["fuzhou_1"], datetime.date(2026, 8, 10), "party_day", present=[lin1, lin2])  # the second half
    from tests.outreach.helpers import shown

    text = drafts_for(2026, 1)[JIANGJING].participation_text
    heading = shown("Organizational life here in the half year, member by member:")
    block = text.split(heading)[1].strip().splitlines()[:3]
    lines = {member.name: next(line for line in block if line.startswith(member.name)) for member in (lin1, lin2, lin3)}
    # 林一: present on 10 March, excused on 10 April: 1 of 2, the last on 10 March.
    assert "1" in lines[lin1.name] and "2" in lines[lin1.name] and "2026-03-10" in lines[lin1.name]
    assert "2026-04-12" in lines[lin2.name]  # took part elsewhere, on its own day
    assert "2026-08-10" not in text
