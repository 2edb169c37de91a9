"""A member's post category (工作岗位, the rows of the statistics' table T2): the form and the member's
page, the import (the form's names, the short forms, the aliases of the header, the refusal), the
export and the template, and the work list of members without one."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from registry.imports import run_import
from registry.members import post_categories
from registry.members.imports import POST_CATEGORY_WORDS
from registry.models import Member
from tests import factories
from tests.forms import form_as_read
from tests.registry.imports import workbooks

PostCategory = Member.PostCategory
LIST = reverse("registry:member_list")


def test_t2_rows_add_up_as_the_form_says():
    rows = {number: codes for number, _name, codes in post_categories.T2_ROWS}
    assert list(rows) == list(range(1, 24))
    assert rows[1] == rows[2] | rows[18] | rows[20] | rows[21] | rows[22] | rows[23]
    assert rows[2] == rows[3] | rows[11]
    assert rows[3] == set().union(*(rows[n] for n in range(4, 10)))
    assert rows[11] == set().union(*(rows[n] for n in range(12, 17)))
    assert rows[10] < rows[9] and rows[17] < rows[16] and rows[19] < rows[18]
    leaves = [rows[n] for n in (4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 18, 20, 21, 22, 23)]
    assert sum(len(leaf) for leaf in leaves) == len(PostCategory)  # every category in exactly one leaf row


def test_the_chinese_labels_are_the_words_the_export_writes():
    assert {code: str(PostCategory(code).label) for code in PostCategory.values} == POST_CATEGORY_WORDS


def test_the_form_sets_it_and_the_page_shows_it(client_for, secretary_a, members):
    member = members["fuzhou_1"][0]
    client = client_for(secretary_a)
    url = reverse("registry:member_edit", args=[member.pk])
    data = form_as_read(client.get(url))
    assert client.post(url, {**data, "post_category": "prv_mgr"}).status_code == 302
    member.refresh_from_db()
    assert member.post_category == PostCategory.PRIVATE_ENTERPRISE_MANAGER
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert 'id="member-post-category">非公有制单位企业管理人员<' in page
    data = form_as_read(client.get(url))
    response = client.post(url, {**data, "post_category": "manager"})
    assert response.status_code == 200 and response.context["form"].has_error("post_category")
    member.refresh_from_db()
    assert member.post_category == PostCategory.PRIVATE_ENTERPRISE_MANAGER


def test_the_import_reads_names_short_forms_and_aliases_and_refuses_the_rest(tree):
    branch = tree["fuzhou_1"]
    accepted = {
        "非公有制单位 企业管理人员": PostCategory.PRIVATE_ENTERPRISE_MANAGER,  # spaced
        "企业专业技术人员(非公有制单位)": PostCategory.PRIVATE_ENTERPRISE_PROFESSIONAL,  # half-width brackets
        "非公有制单位工勤技能人员": PostCategory.PRIVATE_WORKER,
        "非公有制单位农民工": PostCategory.PRIVATE_MIGRANT_WORKER,
        "事业单位专业技术人员": PostCategory.INSTITUTION_PROFESSIONAL,
        "军人": PostCategory.MILITARY,
        "离退休": PostCategory.RETIRED,
        "ｏｔｈｅｒ": None,  # full-width letters are read, and refused: not a name
        "企业管理人员": None,  # under both groups: which one?
    }
    for header in ("工作岗位", "岗位类别", "人员类别"):
        rows = [workbooks.member_row(branch) + [word] for word in accepted]
        result = run_import("members", workbooks.xlsx([workbooks.MEMBER_HEADERS + [header], *rows]), skip_invalid=True)
        errors = {error.row: error for error in result.errors}
        assert {row: (error.column, error.code) for row, error in errors.items()} == {
            9: (header, "choice"),
            10: (header, "choice"),
        }
        assert "非公有制单位企业管理人员" in errors[9].message and "离退休人员" in errors[9].message
        # The name under both groups: the hint says to write its group, 非公有制单位企业管理人员 say.
        assert errors[10].message.count("非公有制单位企业管理人员") == 1 + errors[9].message.count(
            "非公有制单位企业管理人员"
        )
        stored = dict(
            Member.objects.filter(id_number__in=[row[1] for row in rows]).values_list("id_number", "post_category")
        )
        assert [stored.get(row[1]) for row in rows] == [value and value.value for value in accepted.values()]


def test_the_export_writes_the_name_and_reads_back_unchanged(client_for, staff, tree):
    factories.make_member(tree["putian"], name="岗位", post_category=PostCategory.PRIVATE_MIGRANT_WORKER)
    factories.make_member(tree["putian"], name="未填")
    response = client_for(staff).get(reverse("registry:member_export"))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    table = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    column = table[0].index("工作岗位")
    assert {row[0]: row[column] for row in table[1:]} == {"岗位": "非公有制单位农民工", "未填": None}
    result = run_import("members", content)
    assert (result.unchanged, result.updated, result.new) == (2, 0, 0)
    template = load_workbook(
        io.BytesIO(client_for(staff).get(reverse("registry:import_template", args=["members"])).content)
    )
    headers = [cell.value for cell in template.worksheets[0][1]]
    assert "工作岗位" in headers
    (validation,) = [
        each for each in template.worksheets[0].data_validations.dataValidation if "非公有制单位农民工" in each.formula1
    ]
    assert len(validation.formula1) <= 257  # Excel's limit: 255 characters between the quotes


def test_a_secretary_lists_only_their_members_without_one(
    client_for, secretary_a, tree, members, django_assert_max_num_queries
):
    Member.objects.filter(pk=members["fuzhou_1"][0].pk).update(post_category=PostCategory.STUDENT)
    factories.make_member(tree["putian"], name="别处")  # another branch's member without one
    client = client_for(secretary_a)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"post_category": "unknown", "sort": "-id_number"})
    expected = [m for key in ("fuzhou_1", "fuzhou_2") for m in members[key] if m != members["fuzhou_1"][0]]
    listed = [m.id_number for m in response.context["page"].object_list]
    assert listed == sorted((m.id_number for m in expected), reverse=True)
    home = client.get(reverse("home")).content.decode()
    assert 'data-figure="post_category_missing">3</a>' in home
    response = client.get(reverse("registry:member_export"), {"post_category": "unknown"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    exported = [
        row[0] for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(exported) == sorted(m.name for m in expected)
    students = client.get(LIST, {"post_category": "student"}).context["page"].object_list
    assert [m.pk for m in students] == [members["fuzhou_1"][0].pk]


def test_the_work_list_stays_within_its_queries_with_many_rows(client_for, staff, tree, django_assert_max_num_queries):
    Member.objects.bulk_create(
        [
            Member(
                name=f"党员{index}",
                id_number=factories.make_id_number(),
                joined="2010-07-01",
                category=Member.Category.REGISTERED_MOBILE,
                organization=tree["fuzhou_1"] if index % 2 else tree["putian"],
            )
            for index in range(60)
        ]
    )
    client = client_for(staff)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"post_category": "unknown", "sort": "organization"})
    assert response.context["page"].paginator.count == 60
