"""Adding and changing members: validators, scope, POST-only writes, history."""

import datetime

import pytest
from django.urls import reverse

from registry.models import Member
from tests import factories


def form_data(member_or_data, **changes):
    if isinstance(member_or_data, Member):
        m = member_or_data
        data = {
            "name": m.name,
            "id_number": m.id_number,
            "gender": m.gender,
            "ethnicity": m.ethnicity,
            "birth_date": "",
            "education": m.education,
            "native_place": m.native_place,
            "joined": m.joined.isoformat() if m.joined else "",
            "made_full": m.made_full.isoformat() if m.made_full else "",
            "status": m.status,
            "category": m.category,
            "organization": m.organization_id,
            "enterprise": m.enterprise_id or "",
            "origin_organization": m.origin_organization,
            "origin_address": m.origin_address,
            "left_home": m.left_home.isoformat() if m.left_home else "",
            "work_address": m.work_address,
            "occupation": m.occupation,
            "phone": m.phone,
            "dues_paid_through": m.dues_paid_through.isoformat() if m.dues_paid_through else "",
            "notes": m.notes,
        }
    else:
        data = dict(member_or_data)
    data.update(changes)
    return {key: ("" if value is None else value) for key, value in data.items()}


def new_member_data(organization, **changes):
    data = {
        "name": "王建国",
        "id_number": factories.make_id_number(),
        "status": "full",
        "category": "registered_mobile",
        "organization": organization.pk,
        "joined": "2010.7",
        "made_full": "2011年7月1日",
        "phone": "+86 139-0000-1234",
        "left_home": "20150301",
        "work_address": "北京市丰台区",
        "origin_address": "福建省莆田市",
        "occupation": "个体经营",
        "dues_paid_through": "2026-06",
    }
    data.update(changes)
    return data


EDIT = "registry:member_edit"
CREATE = reverse("registry:member_create")


def test_staff_creates_a_member_with_typed_dates(client_for, staff, tree):
    response = client_for(staff).post(CREATE, new_member_data(tree["putian"]))
    assert response.status_code == 302
    member = Member.objects.get(name="王建国")
    assert member.phone == "13900001234"
    assert (member.joined.isoformat(), member.joined_precision) == ("2010-07-01", "month")
    assert member.made_full_precision == "day"
    assert member.dues_paid_through_precision == "month"
    assert member.birth_date is not None and member.gender in ("male", "female")  # from the ID number
    assert member.history.count() == 1 and member.history.first().history_user == staff


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("id_number", "110105194912310021", "校验"),
        ("id_number", "1.10105E+17", "文本"),
        ("id_number", "110105491231002", "15"),
        ("phone", "12345", "11"),
        ("joined", "去年", "2016"),
        ("name", "", "必填"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_written(
    client_for, staff, tree, field, value, fragment
):
    response = client_for(staff).post(CREATE, new_member_data(tree["putian"], **{field: value}))
    assert response.status_code == 200
    assert not Member.objects.exists()
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert fragment in errors, errors


def test_gender_that_contradicts_the_id_number_is_refused(client_for, staff, tree):
    number = factories.make_id_number(male=True)
    response = client_for(staff).post(CREATE, new_member_data(tree["putian"], id_number=number, gender="female"))
    assert response.status_code == 200
    assert "gender" in response.context["form"].errors
    assert not Member.objects.exists()


def test_duplicate_id_number_is_refused(client_for, staff, members, tree):
    existing = members["putian"][0]
    response = client_for(staff).post(CREATE, new_member_data(tree["putian"], id_number=existing.id_number.lower()))
    assert response.status_code == 200
    assert "id_number" in response.context["form"].errors
    assert Member.objects.filter(id_number=existing.id_number).count() == 1


def test_a_person_already_registered_is_named_with_what_to_do(client_for, secretary_a, members, tree):
    """In Chinese: within the secretary's subtree, a link to the record; elsewhere, ask the
    committee office — and not a word of which other branch holds them."""
    client = client_for(secretary_a)
    own = members["fuzhou_2"][0]
    page = client.post(CREATE, new_member_data(tree["fuzhou_1"], id_number=own.id_number)).content.decode()
    assert "已登记在" in page and f'href="{reverse("registry:member_detail", args=[own.pk])}"' in page
    assert "已存在" not in page
    other = members["putian"][0]
    response = client.post(CREATE, new_member_data(tree["fuzhou_1"], id_number=other.id_number))
    error = " ".join(str(message) for message in response.context["form"].errors["id_number"])
    assert (
        "党委办公室" in error
        and other.organization.name not in response.content.decode()
        and other.name not in response.content.decode()
    )
    assert Member.objects.filter(id_number=other.id_number).count() == 1


def test_edit_changes_the_phone_and_keeps_history(client_for, secretary_a, members):
    member = members["fuzhou_1"][0]
    client = client_for(secretary_a)
    response = client.post(reverse(EDIT, args=[member.pk]), form_data(member, phone="13511112222"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "13511112222"
    latest = member.history.first()
    assert latest.history_user == secretary_a and latest.history_type == "~"


def test_saving_unchanged_form_writes_no_history(client_for, staff, members):
    member = members["putian"][0]
    before = member.history.count()
    client_for(staff).post(reverse(EDIT, args=[member.pk]), form_data(member))
    assert member.history.count() == before


def test_edit_is_not_possible_with_get(client_for, staff, members):
    member = members["putian"][0]
    response = client_for(staff).get(reverse(EDIT, args=[member.pk]), {"phone": "13511112222"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.phone != "13511112222"


def test_secretary_cannot_edit_another_branch(client_for, secretary_a, members):
    member = members["putian"][0]
    client = client_for(secretary_a)
    assert client.get(reverse(EDIT, args=[member.pk])).status_code == 404
    response = client.post(reverse(EDIT, args=[member.pk]), form_data(member, phone="13511112222"))
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.phone != "13511112222"


def test_secretary_cannot_move_a_member_out_of_scope(client_for, secretary_a, members, tree):
    member = members["fuzhou_1"][0]
    response = client_for(secretary_a).post(
        reverse(EDIT, args=[member.pk]), form_data(member, organization=tree["putian"].pk)
    )
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.organization == tree["fuzhou_1"]


def test_secretary_cannot_create_in_another_branch(client_for, secretary_a, tree):
    response = client_for(secretary_a).post(CREATE, new_member_data(tree["putian"]))
    assert response.status_code == 404
    assert not Member.objects.exists()


def test_secretary_only_offered_organizations_in_scope(client_for, secretary_a, tree):
    response = client_for(secretary_a).get(CREATE)
    offered = set(response.context["form"].fields["organization"].queryset)
    assert offered == {tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]}


def test_reviewer_cannot_change(client_for, reviewer, members, tree):
    member = members["putian"][0]
    client = client_for(reviewer)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, new_member_data(tree["putian"])).status_code == 403
    assert client.post(reverse(EDIT, args=[member.pk]), form_data(member, phone="13511112222")).status_code == 403
    member.refresh_from_db()
    assert member.phone != "13511112222"


def test_anonymous_cannot_post(client, tree):
    response = client.post(CREATE, new_member_data(tree["putian"]))
    assert response.status_code == 302
    assert not Member.objects.exists()


def test_garbage_organization_value_is_404_not_500(client_for, staff, tree):
    data = new_member_data(tree["putian"])
    data["organization"] = "x' or 1=1"
    response = client_for(staff).post(CREATE, data)
    assert response.status_code == 404


def test_joined_before_the_birth_in_the_id_number_is_a_form_error_not_a_500(client_for, staff, tree):
    """The birth date left empty comes from the ID number inside the service, whose validation then
    refuses 入党时间 before it: shown on the form, nothing written."""
    number = factories.make_id_number(birth=datetime.date(1990, 5, 1))
    response = client_for(staff).post(
        CREATE,
        new_member_data(
            tree["putian"],
            id_number=number,
            birth_date="",
            joined="1985-07-01",
            made_full="1986-07-01",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Member.objects.exists()


def test_joined_before_the_18th_birthday_is_refused_on_the_form(client_for, staff, tree):
    """入党时间 on or after the 18th birthday (issue 22), the birthday from the ID number."""
    number = factories.make_id_number(birth=datetime.date(1990, 5, 1))
    response = client_for(staff).post(
        CREATE,
        new_member_data(
            tree["putian"],
            id_number=number,
            birth_date="",
            joined="2008-04-30",
            made_full="2009-04-30",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("joined", "joined_under_18")
    assert "2008-05-01" in response.content.decode()
    assert not Member.objects.exists()
    response = client_for(staff).post(
        CREATE,
        new_member_data(
            tree["putian"],
            id_number=number,
            birth_date="",
            joined="2008-05-01",
            made_full="2009-05-01",
        ),
    )
    assert response.status_code == 302


def test_a_stale_member_form_is_refused_shows_what_changed_and_keeps_what_was_typed(client, staff, secretary_a, tree):
    """Two people open the same member's form; the first saves the phone, the second saves the
    occupation from the form they opened before: refused, the phone's change named, the typed
    occupation kept, and the phone in the database is the first person's."""
    from django.test import Client

    from tests.forms import form_as_read

    member = factories.make_member(tree["fuzhou_1"], phone="13900000001", occupation="厨师")
    url = reverse(EDIT, args=[member.pk])
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(secretary_a)
    first_form, second_form = form_as_read(first.get(url)), form_as_read(second.get(url))
    assert first_form["version"] and first_form["version"] == second_form["version"]

    assert first.post(url, {**first_form, "phone": "13900000002"}).status_code == 302
    response = second.post(url, {**second_form, "occupation": "软件工程师"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.phone, member.occupation) == ("13900000002", "厨师")
    page = response.content.decode()
    assert "打开表单后" in page and "staff" in page
    assert "联系电话：13900000001 → 13900000002" in page
    assert 'value="软件工程师"' in page  # what was typed is still in the form
    assert response.context["form"]["version"].value() != second_form["version"]

    # Saving again from that page is deliberate: it keeps the second person's version.
    again = form_as_read(response)
    assert again["occupation"] == "软件工程师" and again["phone"] == "13900000001"
    assert second.post(url, {**again, "phone": "13900000002"}).status_code == 302
    member.refresh_from_db()
    assert (member.phone, member.occupation) == ("13900000002", "软件工程师")


def test_a_form_read_before_any_change_still_saves(client_for, staff, tree):
    from tests.forms import form_as_read

    member = factories.make_member(tree["fuzhou_1"], occupation="厨师")
    client = client_for(staff)
    url = reverse(EDIT, args=[member.pk])
    data = form_as_read(client.get(url))
    assert client.post(url, {**data, "occupation": "教师"}).status_code == 302
    assert Member.objects.get(pk=member.pk).occupation == "教师"
