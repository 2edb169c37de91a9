"""What every list shares (branches.filtering): the column a person sorts by, the page size, "all"
said one way in the filter forms, and the filters applied said in words; and single values read
through form fields: an id or a year is what int() would make of it only when it is one; anything
else is None (or the default), never an exception."""

import datetime
import re

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from branches import clock, filtering, pinyin
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
    assert ascending == ["丙", "甲", "乙"]  # bǐng, jiǎ, yǐ: a member's name in pinyin order (branches/pinyin.py)
    assert names(filtering.sorted_rows(rows, QueryDict("sort=-name"), columns)) == ascending[::-1]
    for unknown in ("sort=password", "sort=--name", "sort=", "sort=name;drop"):
        assert filtering.sorted_rows(rows, QueryDict(unknown), columns) is rows


def test_the_roster_filterset_sorts_and_its_export_follows(tree, staff):
    for name in ("乙", "甲", "丙"):
        factories.make_member(tree["putian"], name=name)
    _filterset, rows = filtering.filtered(
        MemberFilter(QueryDict("sort=-name"), queryset=member_list(staff), user=staff)
    )
    assert names(rows) == ["乙", "甲", "丙"]  # yǐ, jiǎ, bǐng


def test_page_size_is_one_of_the_choices_or_the_registrys(settings):
    assert filtering.page_size(QueryDict("per_page=100")) == 100
    for other in (
        "per_page=7",
        "per_page=100000",
        "per_page=abc",
        "per_page=%C2%B2",
        "per_page=%EF%BC%95%EF%BC%90",
        "",
    ):
        assert filtering.page_size(QueryDict(other)) == settings.REGISTRY_PAGE_SIZE


def test_the_first_page_of_a_list_that_fits_on_it_is_read_without_a_count(
    tree, rf, settings, django_assert_num_queries
):
    settings.REGISTRY_PAGE_SIZE = 3
    for name in ("甲", "乙", "丙"):
        factories.make_member(tree["putian"], name=name)
    rows = Member.objects.order_by("name_sort")
    for asked in ("", "?page=1", "?page=x"):
        with django_assert_num_queries(1):  # the page, read with one row more: no COUNT
            page = filtering.page_of(rf.get(f"/members/{asked}"), rows)
            assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 3, 1)
        assert names(page) == ["丙", "甲", "乙"]
    factories.make_member(tree["putian"], name="丁")
    with django_assert_num_queries(2):  # more than a page: the page, then the count
        page = filtering.page_of(rf.get("/members/"), rows)
        assert (page.paginator.count, page.has_next(), names(page)) == (4, True, ["丙", "丁", "甲"])
    for asked, number, shown in (("?page=2", 2, ["乙"]), ("?page=9", 2, ["乙"]), ("?page=0", 2, ["乙"])):
        page = filtering.page_of(rf.get(f"/members/{asked}"), rows)
        assert (page.number, names(page)) == (number, shown)


def test_a_page_deep_in_a_list_is_read_keys_first_and_holds_the_same_rows(
    tree, rf, settings, monkeypatch, django_assert_num_queries
):
    settings.REGISTRY_PAGE_SIZE = 2
    monkeypatch.setattr(filtering, "KEYS_FIRST_FROM", 2)  # from the second page on, here
    for name in ("甲", "乙", "丙", "丁", "戊"):
        factories.make_member(tree["putian"], name=name)
    rows = Member.objects.select_related("organization").order_by("-name_sort", "-id")
    for number, expected in ((2, rows[2:4]), (3, rows[4:5])):
        with django_assert_num_queries(3):  # the count, the keys, the rows
            page = filtering.page_of(rf.get(f"/members/?page={number}"), rows)
            assert [member.organization.name for member in page] == [tree["putian"].name] * len(page)
        assert names(page) == names(expected) and page.number == number
    second = names(rows[2:4])
    with django_assert_num_queries(2):  # not keys first for a distinct list: the count, the rows
        assert names(filtering.page_of(rf.get("/members/?page=2"), rows.distinct())) == second


def test_every_select_of_a_filter_form_says_all_the_same_way(tree, staff):
    filterset, _rows = filtering.filtered(MemberFilter(None, queryset=member_list(staff), user=staff))
    html = filterset.form.as_p()
    assert "---------" not in html and "未知" not in html
    lost_contact = str(filterset.form["lost_contact"])
    assert '<option value="unknown" selected>全部</option>' in lost_contact
    assert (
        html.count("<select") == html.count(">全部</option>") == 9
    )  # every select (the post category the ninth), "all" first


def test_the_filters_applied_are_said_in_words(tree, staff):
    params = QueryDict(
        f"organization={tree['fuzhou'].pk}&below=exclude&category=registered_mobile&lost_contact=true&sort=name"
    )
    filterset, _rows = filtering.filtered(MemberFilter(params, queryset=member_list(staff), user=staff))
    described = filtering.describe(filterset)
    assert described == [
        ("所在党组织", tree["fuzhou"].name),
        ("下级组织", "仅本组织"),
        ("管理类别", "在册流动党员"),
        ("失联", "是"),
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        (str(MAX_ID), MAX_ID),
        ("²", None),
        ("99999999999999999999999", None),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("1e309", None),
        ("x" * 5000, None),
        ("9" * 5000, None),
        (True, None),
    ],
)
def test_id_from(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024", 2024),
        (" 2024 ", 2024),
        ("２０２４", 2024),
        ("0", 2026),
        ("-1", 2026),
        ("99999", 2026),
        ("1e9", 2026),
        ("²", 2026),
        ("9" * 25, 2026),
        ("9" * 5000, 2026),
        ("2024.5", 2026),
        ("", 2026),
        (None, 2026),
        ("-2024", 2026),
        ("1989", 2026),
        ("2101", 2026),
    ],
)
def test_year_from(value, expected):
    assert year_from({"year": value}, default=2026, first=1990, last=2100) == expected
    assert year_from({"dues_year": value}, "dues_year", default=2026, first=1990, last=2100) == expected


@pytest.mark.parametrize("value", ["0", "-1", "1e9", "２０２６０", "9" * 25, "²"])
def test_a_year_that_is_not_one_is_said_in_one_sentence(value):
    with pytest.raises(forms.ValidationError) as refused:
        filtering.YearField(first=1990, last=2100).clean(value)
    example = min(max(clock.today().year, 1990), 2100)
    assert refused.value.messages == [f"请填写1990至2100之间的年份，例如{example}。"]


def test_picked_records_that_cannot_be_ids_are_an_invalid_choice(tree):
    from branches.filtering import RecordsField
    from branches.models import Organization

    field = RecordsField(queryset=Organization.objects.all(), required=False)
    assert list(field.clean([str(tree["putian"].pk)])) == [tree["putian"]]
    for value in ("²", "99999999999999999999999", "0"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean([str(tree["putian"].pk), value])
        assert refused.value.code == "invalid_choice"


# --- every list's sortable columns, on the demo -------------------------------------------------


def _role(user):
    """The login's (first) role assignment; None for a login without a role."""
    return next(iter(user.role_assignments.all()), None)


def _name(person):
    """A person's name as lists order it: a member's or candidate's in pinyin order (branches/pinyin.py),
    others' as written."""
    return pinyin.name_keys(person.name)["name_sort"] if isinstance(person, pinyin.PinyinNamed) else person.name


def _by_organization(organization, name):
    return (organization.path, name)


PAGE = "page"
MEMBER_COLUMNS = {"name": lambda m: _name(m), "organization": lambda m: _by_organization(m.organization, _name(m))}
CANDIDATE_COLUMNS = MEMBER_COLUMNS
NOTICE_COLUMNS = {
    "name": lambda n: _name(n.candidate),
    "organization": lambda n: _by_organization(n.candidate.organization, _name(n.candidate)),
    "decision": lambda n: n.decision,
    "runs": lambda n: (n.starts_on, n.last_day),
    "open_objections": lambda n: n.open_objections,
    "due": lambda n: n.last_day,
}
LETTER_COLUMNS = {
    "letter": lambda letter: letter.letter_number,
    "name": lambda letter: _name(letter.member),
    "organization": lambda letter: _by_organization(letter.organization, _name(letter.member)),
    "other_side": lambda letter: letter.other_side,
    "date": lambda letter: letter.date,
}
# (url name, kwargs, query, {context name: {column: the row's value}}): every list sortable by a column.
SORTED_LISTS = {
    "lost_touch": (
        "outreach:lost_touch",
        {},
        {"days": "30"},
        {PAGE: {**MEMBER_COLUMNS, "last_contact": lambda m: m.last_contact_date}},
    ),
    "flowed_out": (
        "outreach:flowed_out",
        {},
        {},
        {
            PAGE: {
                **MEMBER_COLUMNS,
                "destination": lambda m: m.destination,
                "flow_out_date": lambda m: m.flow_out_date,
                "certificate": lambda m: m.certificate,
                "last_contact": lambda m: m.last_contact,
            }
        },
    ),
    "designated_contacts": (
        "outreach:designated_contacts",
        {},
        {},
        {
            PAGE: {
                "organization": lambda p: _by_organization(p.organization, _name(p)),
                "name": lambda p: _name(p),
                "since": lambda p: p.since,
                "active": lambda p: p.active,
            }
        },
    ),
    "absentees": ("outreach:activity_absentees", {}, {}, {PAGE: {**MEMBER_COLUMNS, "category": lambda m: m.category}}),
    **{
        f"worklist_{key}": (
            "registry:development_worklist",
            {"key": key},
            {},
            {PAGE: (NOTICE_COLUMNS if key.startswith("notices") else CANDIDATE_COLUMNS)},
        )
        for key in (
            "talks_overdue",
            "assessments_due",
            "activists_ready",
            "notices_running",
            "notices_ended",
            "approvals_waiting",
            "probations_ending",
            "probations_over",
        )
    },
    "balance_people": (
        "registry:balance_people",
        {},
        {"figure": "end"},
        {
            PAGE: {
                **MEMBER_COLUMNS,
                "id_number": lambda m: m.id_number,
                "registered_on": lambda m: m.registered_on,
                "left_on": lambda m: m.left_on,
            }
        },
    ),
    "transfers": (
        "registry:transfer_list",
        {},
        {},
        dict.fromkeys(("waiting", "expired", "owed", "cancelled"), LETTER_COLUMNS),
    ),
    "surveys": (
        "registry:survey_list",
        {},
        {},
        {"rounds": {"name": lambda r: r.name, "started": lambda r: r.started, "ended": lambda r: r.ended}},
    ),
    "roles": (
        "branches:role_list",
        {},
        {},
        {
            "users": {
                "name": lambda u: (u.first_name, u.last_name, u.username),
                "username": lambda u: u.username,
                "role": lambda u: _role(u) and _role(u).role,
                "organization": lambda u: _role(u) and _role(u).organization and _role(u).organization.path,
                "active": lambda u: u.is_active,
            }
        },
    ),
    "checkin": (
        "registry:checkin_queue",
        {},
        {},
        {
            "submissions": {
                "name": lambda s: _name(s.member),
                "submitted": lambda s: s.submitted_at,
                "organization": lambda s: _by_organization(s.member.organization, _name(s.member)),
            },
            "arrivals": {
                "name": lambda a: a.name,
                "id_number": lambda a: a.id_number,
                "submitted": lambda a: a.submitted_at,
                "organization": lambda a: _by_organization(a.organization, a.name),
            },
        },
    ),
    "reconciliations": (
        "registry:reconciliation_list",
        {},
        {},
        {
            PAGE: {
                "created_at": lambda r: r.created_at,
                "user": lambda r: r.user.username if r.user else None,
                "file_name": lambda r: r.file_name,
                "home_organization": lambda r: r.home_organization,
            }
        },
    ),
}


def _flowed_out():
    from branches.models import Organization
    from registry.movements import rules, services

    organization = Organization.objects.filter(level=Organization.Level.BRANCH).order_by("path").first()
    for number, destination in enumerate(("深圳", "上海", "广州")):
        member = factories.make_member(
            organization,
            name=f"流出{'甲乙丙'[number]}",
            category=Member.Category.SELF_MANAGED,
            registered_on=datetime.date(2020, 1, 1),
        )
        services.movement_record(
            member=member,
            event=rules.Event(
                kind="flow_out",
                date=datetime.date(2025, 3, 3 - number),
                other_side=destination,
                certificate_number=f"LDZ-{number}",
            ),
            actor=None,
        )


def _checkin():
    from branches.models import Organization
    from registry.models import ArrivalSubmission, CheckinSubmission

    for member in Member.objects.order_by("-pk")[:3]:
        CheckinSubmission.objects.create(member=member, changes={"phone": "13800000000"})
    organizations = list(Organization.objects.order_by("-path")[:3])
    for number, organization in enumerate(organizations):
        ArrivalSubmission.objects.create(
            organization=organization,
            name=f"来者{'丙乙甲'[number]}",
            id_number=factories.make_id_number(region=f"35010{number}"),
            data={},
        )


def _reconciliations():
    from django.contrib.auth import get_user_model

    from registry.models import Reconciliation

    staff = get_user_model().objects.get(username="staff")
    for number, (file_name, home) in enumerate((("乙.xlsx", "福州"), ("甲.xlsx", ""), ("丙.xlsx", "莆田"))):
        Reconciliation.objects.create(
            file_name=file_name,
            checksum=str(number),
            counts={},
            groups={},
            home_organization=home,
            user=staff if number else None,
        )


# Rows the demo does not hold, added (and rolled back) for the lists it leaves empty.
MORE_ROWS = {"flowed_out": _flowed_out, "checkin": _checkin, "reconciliations": _reconciliations}


SORTED_QUERIES = 20  # a page of 50 rows with a query per row would be far more


def in_order(values: list, descending: bool) -> bool:
    """Sorted as `?sort=` asks, blanks (None) last whichever the direction."""
    known = [value for value in values if value is not None]
    return values[: len(known)] == known and known == sorted(known, reverse=descending)


def rows_of(response, name) -> list:
    rows = response.context[name]
    return list(rows.object_list if name == PAGE else rows)


@pytest.fixture
def demo_staff_client(demo_db, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="staff"))
    return client


@pytest.mark.parametrize("name", SORTED_LISTS)
def test_every_list_sorts_by_each_of_its_columns_both_ways(demo_staff_client, django_assert_max_num_queries, name):
    """Each column, ascending and descending: the rows come in that order (blanks last); the
    headers keep the filters and go back to the first page; an unknown column changes nothing."""
    from django.urls import reverse

    url_name, kwargs, query, tables = SORTED_LISTS[name]
    if name in MORE_ROWS:
        MORE_ROWS[name]()
    url = reverse(url_name, kwargs=kwargs)
    unsorted = demo_staff_client.get(url, {**query, "page": "1"})
    assert unsorted.status_code == 200
    body = unsorted.content.decode()
    links = [link.replace("&amp;", "&") for link in re.findall(r'<a class="sort" href="\?([^"]*)"', body)]
    shown = {table: columns for table, columns in tables.items() if rows_of(unsorted, table)}
    assert shown or name == "worklist_probations_over", "a list to sort should hold rows"
    # Each table shown has a header sorting by each of its columns, the filters kept, the page reset.
    for column in {column for columns in shown.values() for column in columns}:
        assert any(f"sort={column}" in link.split("&") for link in links), column
    assert all("page=" not in link and all(f"{key}={value}" in link for key, value in query.items()) for link in links)
    assert demo_staff_client.get(url, {**query, "sort": "-nonsense"}).status_code == 200
    for table, table_columns in tables.items():
        assert [row.pk for row in rows_of(demo_staff_client.get(url, {**query, "sort": "nonsense"}), table)] == [
            row.pk for row in rows_of(unsorted, table)
        ], table
        for column, value in table_columns.items():
            for descending in (False, True):
                with django_assert_max_num_queries(SORTED_QUERIES):  # sorted, still no query per row
                    response = demo_staff_client.get(
                        url, {**query, "sort": f"-{column}" if descending else column, "page": "1"}
                    )
                assert response.status_code == 200
                values = [value(row) for row in rows_of(response, table)]
                assert in_order(values, descending), (table, column, descending, values)


def test_a_select_of_organizations_offers_their_names_read_in_one_query(
    tree, staff, secretary_a, django_assert_num_queries
):
    """The organization and enterprise selects of a filter (NamedChoiceFilter) offer each record's
    name under its id, as a select of the records did, the one chosen selected — read as pairs in
    one query each, not as a model instance per option."""
    from branches import access
    from branches.models import Enterprise

    data = QueryDict(f"organization={tree['fuzhou_1'].pk}")
    filterset = MemberFilter(data, queryset=member_list(staff), user=staff)
    visible = list(access.visible_organizations(staff).order_by("path").values_list("pk", "name"))
    with django_assert_num_queries(2):  # the organizations, the enterprises
        organizations = [(str(value), label) for value, label in filterset.form.fields["organization"].choices]
        enterprises = [(str(value), label) for value, label in filterset.form.fields["enterprise"].choices]
    assert organizations[1:] == [(str(pk), name) for pk, name in visible]
    assert enterprises[1:] == [
        (str(pk), name) for pk, name in Enterprise.objects.order_by("name_sort").values_list("pk", "name")
    ]
    assert f'<option value="{tree["fuzhou_1"].pk}" selected>{tree["fuzhou_1"].name}</option>' in str(
        filterset.form["organization"]
    )
    # A secretary is offered their own organizations only.
    own = MemberFilter(None, queryset=member_list(secretary_a), user=secretary_a)
    offered = {str(value) for value, _label in own.form.fields["organization"].choices if value != ""}
    assert offered == {str(pk) for pk in access.visible_organizations(secretary_a).values_list("pk", flat=True)}
    assert str(tree["putian"].pk) not in offered and len(offered) == 3
