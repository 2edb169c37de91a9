"""Names as pinyin (branches/pinyin.py): found as typed on a phone ("lxy", "linxiuying"), kept in
step with the name by every write (the model's save, the services, the import's fast writer and
bulk update), and ordered as Chinese address books order them — the same on SQLite and PostgreSQL."""

import pytest
from django.urls import reverse

from branches import pinyin
from registry.imports import run_import
from registry.members import services as member_services
from registry.models import Member
from tests import factories
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

URL = reverse("registry:member_list")


def found(client, query) -> set[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return {member.name for member in response.context["page"].object_list}


def keys(member: Member) -> tuple[str, str]:
    member = Member.all_members.get(pk=member.pk)
    return member.name_pinyin, member.name_initials


@pytest.fixture
def lin(tree):
    """林秀英 in 福州商会第一党支部 (secretary_a's); 林晓燕, also "lxy", in 莆田 (secretary_b's)."""
    factories.make_member(tree["putian"], name="林晓燕")
    factories.make_member(tree["fuzhou_2"], name="陈志强")
    return factories.make_member(tree["fuzhou_1"], name="林秀英")


def test_a_name_is_found_by_its_initials_and_its_full_pinyin_within_the_users_scope(
    client_for, staff, secretary_a, reviewer, lin
):
    staff_client = client_for(staff)
    assert found(staff_client, "lxy") == {"林秀英", "林晓燕"}
    for typed in ("linxiuying", "Lin Xiuying", "LINXIUYING", "xiuying", "lin xiu"):
        assert "林秀英" in found(staff_client, typed), typed
    assert found(staff_client, "linxiuying") == {"林秀英"}
    assert found(client_for(secretary_a), "lxy") == {"林秀英"}  # 林晓燕 is secretary_b's
    # A reviewer finds by name and its pinyin, never by digits (issue 20 §1).
    reviewer_client = client_for(reviewer)
    assert found(reviewer_client, "lxy") == {"林秀英", "林晓燕"}
    assert found(reviewer_client, lin.id_number[6:14]) == set()


def test_the_keys_follow_the_name_through_a_service_an_edit_and_a_save(tree, staff):
    member = factories.make_member(tree["putian"], name="林秀英")
    assert keys(member) == ("linxiuying", "lxy")
    member_services.member_update(member=member, data={"name": "曾国藩"}, actor=staff)
    assert keys(member) == ("zengguofan", "zgf")  # 曾 as a surname is Zēng
    member.name = "吕 布"
    member.save(update_fields=["name"])
    assert keys(member) == ("lvbu", "lb")
    Member.objects.bulk_update([Member(pk=member.pk, name="阿宝")], ["name"])
    assert keys(member) == ("abao", "ab")


def test_an_import_writes_the_keys_of_new_names_and_of_changed_ones(tree):
    branch = tree["fuzhou_1"]
    first, second = factories.make_id_number(), factories.make_id_number()
    rows = [member_row(branch, name="林秀英", id_number=first), member_row(branch, name="张三", id_number=second)]
    result = run_import("members", workbooks.xlsx([MEMBER_HEADERS, *rows]), filename="roster.xlsx")
    assert result.new == 2  # the fast writer on both databases
    assert keys(Member.objects.get(id_number=first)) == ("linxiuying", "lxy")
    rows[1] = member_row(branch, name="赵四", id_number=second)
    result = run_import("members", workbooks.xlsx([MEMBER_HEADERS, *rows]), filename="roster.xlsx")
    assert result.updated == 1
    assert keys(Member.objects.get(id_number=second)) == ("zhaosi", "zs")


# In pinyin order: a, fu, he (何丽静 before 何亮水: li < liang), heng, lin, lü after lu, yu, zeng,
# zhang, zhao; 贺阿 (he a) before 何丽静 (he li): syllables first, tones only between equals.
PINYIN_ORDER = [
    "阿宝",
    "傅国志",
    "贺阿",
    "何丽静",
    "何亮水",
    "恒一",
    "陆军",
    "吕布",
    "余兴德",
    "曾国藩",
    "张三",
    "赵四",
]


def test_names_sort_in_pinyin_order_on_the_roster_and_its_sort(client_for, staff, tree):
    branch = tree["putian"]
    Member.objects.bulk_create([Member(**factories.member_data(branch, name=name)) for name in reversed(PINYIN_ORDER)])
    assert list(Member.objects.filter(organization=branch).order_by("name_sort").values_list("name", flat=True)) == (
        PINYIN_ORDER
    )
    client = client_for(staff)
    for params, expected in (
        ({"organization": branch.pk}, PINYIN_ORDER),  # the roster's default order: by organization, then name
        ({"organization": branch.pk, "sort": "name"}, PINYIN_ORDER),
        ({"organization": branch.pk, "sort": "-name"}, PINYIN_ORDER[::-1]),
    ):
        response = client.get(URL, params)
        assert [member.name for member in response.context["page"].object_list] == expected, params


def test_the_sort_key_orders_syllables_then_tones_then_characters():
    assert pinyin.name_keys("何")["name_sort"] < pinyin.name_keys("贺")["name_sort"]  # hé before hè
    assert pinyin.name_keys("何")["name_sort"] < pinyin.name_keys("何一")["name_sort"]  # shorter first
    assert set(pinyin.name_keys("买买提·艾力 Tom")["name_sort"]) <= set("0123456789abcdefghijklmnopqrstuvwxyz")
    assert pinyin.typed_as_pinyin("Lin Xiuying") == "linxiuying" and pinyin.typed_as_pinyin("林 x") == ""


def test_the_data_migration_fills_the_keys_of_existing_rows(tree):
    from importlib import import_module

    from django.apps import apps

    member = factories.make_member(tree["putian"], name="林秀英")
    Member.all_members.update(name_pinyin="", name_initials="", name_sort="")  # as before the migration
    import_module("registry.migrations.0031_name_pinyin").fill_name_keys(apps, None)
    assert keys(member) == ("linxiuying", "lxy")
    assert Member.objects.get(pk=member.pk).name_sort == pinyin.name_keys("林秀英")["name_sort"]


def test_enterprises_and_chambers_sort_by_name_in_pinyin_order(client_for, staff, tree):
    """Issue 26 §4, for the lists of organizations that sort by name: the enterprises (written in
    bulk, as their import does) and the chambers."""
    from branches.models import Chamber, Enterprise

    names = ["阿里某公司", "何记餐饮", "余氏贸易", "张家物流", "赵氏集团"]
    Enterprise.objects.bulk_create([Enterprise(name=name) for name in reversed(names)])
    client = client_for(staff)
    listed = client.get(reverse("registry:enterprise_list"), {"sort": "name", "per_page": 100}).context["page"]
    assert [enterprise.name for enterprise in listed.object_list if enterprise.name in names] == names
    Chamber.objects.bulk_create(
        [Chamber(name=f"{name}商会", kind=Chamber.Kind.INDUSTRY) for name in ("赵", "阿", "何")]
    )
    chambers = [chamber.name for chamber in client.get(reverse("registry:chamber_list")).context["chambers"]]
    assert [name for name in chambers if name in {"赵商会", "阿商会", "何商会"}] == ["阿商会", "何商会", "赵商会"]


def test_pypinyin_is_loaded_without_its_dictionary_of_words():
    """Each character is read alone: the 45 MB of pypinyin's phrases stay out of every process
    (issue 27 §4: the import's peak memory), and no copy is made of its dictionaries."""
    from pypinyin import constants

    assert constants.PHRASES_DICT == {}
    assert constants.PINYIN_DICT is constants.pinyin_dict.pinyin_dict
    assert pinyin.name_keys("曾长乐")["name_pinyin"] == "zengzhangle"  # each character alone
