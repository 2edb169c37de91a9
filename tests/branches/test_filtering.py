"""What every list shares (branches.filtering): the column a person sorts by, the page size, "all"
said one way in the filter forms, and the filters applied said in words; and single values read
through form fields: an id or a year is what int() would make of it only when it is one; anything
else is None (or the default), never an exception."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from branches import filtering
from branches.filtering import MAX_ID, id_from, year_from
from registry.members.filters import MemberFilter
from registry.members.selectors import member_list
from registry.models import Member
from tests import factories


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def names(rows) -> list[str]:
    return [member.name for member in rows]


def test_a_list_sorts_by_the_column_asked_for_and_ignores_any_other(tree):
    for name in ("乙", "甲", "丙"):
        factories.make_member(tree["putian"], name=name)
    rows = Member.objects.all()
    columns = {"name": "name"}
    ascending = names(filtering.sorted_rows(rows, QueryDict("sort=name"), columns))
    assert ascending == sorted(ascending) and len(ascending) == 3
    assert names(filtering.sorted_rows(rows, QueryDict("sort=-name"), columns)) == ascending[::-1]
    for unknown in ("sort=password", "sort=--name", "sort=", "sort=name;drop"):
        assert filtering.sorted_rows(rows, QueryDict(unknown), columns) is rows


def test_the_roster_filterset_sorts_and_its_export_follows(tree, staff):
    for name in ("乙", "甲", "丙"):
        factories.make_member(tree["putian"], name=name)
    _filterset, rows = filtering.filtered(MemberFilter(QueryDict("sort=-name"), queryset=member_list(staff), user=staff))
    shown = names(rows)
    assert shown == sorted(shown, reverse=True)


def test_page_size_is_one_of_the_choices_or_the_registrys(settings):
    assert filtering.page_size(QueryDict("per_page=100")) == 100
    for other in ("per_page=7", "per_page=100000", "per_page=abc", "per_page=%C2%B2", "per_page=%EF%BC%95%EF%BC%90", ""):
        assert filtering.page_size(QueryDict(other)) == settings.REGISTRY_PAGE_SIZE


def test_every_select_of_a_filter_form_says_all_the_same_way(tree, staff):
    filterset, _rows = filtering.filtered(MemberFilter(None, queryset=member_list(staff), user=staff))
    html = filterset.form.as_p()
    assert "---------" not in html and "未知" not in html
    lost_contact = str(filterset.form["lost_contact"])
    assert '<option value="unknown" selected>全部</option>' in lost_contact
    assert html.count("<select") == html.count(">全部</option>") == 8  # every select, "all" first


def test_the_filters_applied_are_said_in_words(tree, staff):
    params = QueryDict(f"organization={tree['fuzhou'].pk}&below=exclude&category=registered_mobile&lost_contact=true&sort=name")
    filterset, _rows = filtering.filtered(MemberFilter(params, queryset=member_list(staff), user=staff))
    described = filtering.describe(filterset)
    assert described == [
        ("所在党组织", tree["fuzhou"].name), ("下级组织", "仅本组织"), ("管理类别", "在册流动党员"), ("失联", "是"),
    ]


@pytest.mark.parametrize("value, expected", [
    ("12", 12), (" 12 ", 12), (12, 12), (str(MAX_ID), MAX_ID),
    ("²", None), ("99999999999999999999999", None), (str(MAX_ID + 1), None), ("0", None), ("-1", None),
    ("1.5", None), ("", None), (None, None), ("1e309", None), ("x" * 5000, None), ("9" * 5000, None), (True, None),
])
def test_id_from(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024", 2024), ("0", 2026), ("99999", 2026), ("²", 2026), ("", 2026), (None, 2026), ("-2024", 2026),
])
def test_year_from(value, expected):
    assert year_from(value, 2026, first=1990, last=2100) == expected


def test_picked_records_that_cannot_be_ids_are_an_invalid_choice(tree):
    from branches.filtering import RecordsField
    from branches.models import Organization

    field = RecordsField(queryset=Organization.objects.all(), required=False)
    assert list(field.clean([str(tree["putian"].pk)])) == [tree["putian"]]
    for value in ("²", "99999999999999999999999", "0"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean([str(tree["putian"].pk), value])
        assert refused.value.code == "invalid_choice"
