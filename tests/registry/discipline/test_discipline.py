"""Issue 22 §2, discipline (docs/lifecycle.md#discipline): the five kinds with their term, only where
membership is held, the same rules on the member page, in the service and in the discipline import
(kind `discipline`); 开除党籍 is a departure; the register is scoped, filtered and exported."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import clock
from registry.discipline import services
from registry.imports.kinds import run_import
from registry.members.rules import under_probation_of_rights
from registry.models import Discipline, ExportLog, Member, Movement
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
HEADERS = ["姓名", "公民身份号码", "处分类型", "处分日期", "作出处分的党组织", "违纪类型", "期限（年）"]


@pytest.fixture
def own(tree):
    return factories.make_member(tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=D(2020, 1, 1))


@pytest.fixture
def mobile(tree):
    return factories.make_member(
        tree["fuzhou_1"], category=Member.Category.REGISTERED_MOBILE, origin_organization="中共某县某镇委员会"
    )


def data(kind="probation", date=None, term=1, **more):
    return {
        "kind": kind,
        "date": date or clock.today() - 10 * DAY,
        "deciding_organization": "中共某区纪律检查委员会",
        "breach": "integrity",
        "term_years": term,
        "notes": "",
        **more,
    }


def codes(error: ValidationError) -> set[str]:
    return {each.code for errors in error.error_dict.values() for each in errors}


def test_probation_for_one_or_two_years_takes_the_rights_away(own):
    with pytest.raises(ValidationError) as refused:
        services.discipline_record(member=own, data=data(term=3), actor=None)
    assert codes(refused.value) == {"discipline_term"}
    with pytest.raises(ValidationError) as refused:
        services.discipline_record(member=own, data=data(kind="warning", term=1), actor=None)
    assert codes(refused.value) == {"discipline_term"}
    record = services.discipline_record(member=own, data=data(term=2), actor=None)
    assert record.ends_on.year == record.date.year + 2
    assert under_probation_of_rights(own, clock.today())
    assert own.history.count() == 2  # a row in the member's history


def test_discipline_is_refused_where_membership_is_held_elsewhere(mobile):
    with pytest.raises(ValidationError) as refused:
        services.discipline_record(member=mobile, data=data(kind="warning", term=None), actor=None)
    assert codes(refused.value) == {"not_held_here"}
    assert "中共某县某镇委员会" in " ".join(refused.value.messages)


def test_expulsion_is_a_departure(own):
    services.discipline_record(member=own, data=data(kind="expulsion", term=None), actor=None)
    member = Member.all_members.get(pk=own.pk)
    assert member.left_as == "expelled" and member.left_on == clock.today() - 10 * DAY
    assert Movement.objects.get(member=own).kind == "expelled"


def test_the_form_records_and_refuses_in_a_sentence(client_for, secretary_a, own, mobile, secretary_b):
    client = client_for(secretary_a)
    page = client.get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    url = reverse("registry:discipline_record", args=[own.pk])
    assert url in page
    post = {
        "kind": "probation",
        "date": clock.today().isoformat(),
        "deciding_organization": "支部大会",
        "breach": "work",
        "term_years": 5,
    }
    response = client.post(url, post)
    assert response.status_code == 200 and response.context["form"].has_error("term_years", "discipline_term")
    assert not Discipline.objects.exists()
    assert client.post(url, {**post, "term_years": 1}).status_code == 302
    page = client.get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    assert 'id="discipline"' in page and "badge warn" in page
    response = client.post(reverse("registry:discipline_record", args=[mobile.pk]), {**post, "term_years": 1})
    assert response.context["form"].has_error("__all__", "not_held_here")
    assert client_for(secretary_b).get(url).status_code == 404


def test_the_register_is_scoped_and_exported(client_for, secretary_b, staff, own):
    services.discipline_record(member=own, data=data(kind="warning", term=None), actor=None)
    assert client_for(staff).get(reverse("registry:discipline_list")).context["page"].paginator.count == 1
    assert client_for(secretary_b).get(reverse("registry:discipline_list")).context["page"].paginator.count == 0
    response = client_for(staff).get(reverse("registry:discipline_export") + "?kind=warning")
    assert response.status_code == 200 and ExportLog.objects.filter(kind="discipline", rows=1).exists()


def book(*rows):
    return xlsx([HEADERS, *rows], sheet="党纪处分")


def import_codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def test_the_discipline_import_refuses_alike_and_writes_through_the_service(own, mobile, tree):
    other = factories.make_member(tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=D(2020, 1, 1))
    rows = [
        [own.name, own.id_number, "留党察看", "2025-03-01", "某区纪委", "违反廉洁纪律", "三年"],  # 2
        [mobile.name, mobile.id_number, "警告", "2025-03-01", "某区纪委", "工作纪律", None],  # 3
        [other.name, other.id_number, "严重警告", "2025-03-01", "某区纪委", "违反生活纪律", 1],  # 4
    ]
    result = run_import("discipline", book(*rows), filename="d.xlsx")
    assert import_codes(result) == {2: {"years"}, 3: {"not_held_here"}, 4: {"discipline_term"}}
    rows = [
        [own.name, own.id_number, "留党察看", "2025-03-01", "某区纪委", "违反廉洁纪律", "2年"],
        [other.name, other.id_number, "开除党籍", "2025-04-01", "某区纪委", "政治纪律", None],
    ]
    result = run_import("discipline", book(*rows), filename="d.xlsx")
    assert not import_codes(result)
    record = Discipline.objects.get(member=own)
    assert (record.term_years, record.ends_on, record.breach) == (2, D(2027, 3, 1), "integrity")
    assert Member.all_members.get(pk=other.pk).left_as == "expelled"
    again = run_import("discipline", book(rows[0]), filename="d.xlsx")
    assert [outcome.status for outcome in again.outcomes] == ["unchanged"]
