"""名单核对 against the demo: a list generated from the roster with known differences gives back
the counts it was built with — from the command and from the page — and each group exports."""

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from outreach.models import LiaisonLetter
from registry.models import ExportLog, Member, Reconciliation
from tests import factories
from tests.registry.imports.workbooks import xlsx

MATCHED, CONFLICTS, ONLY_THEIRS = 4, 2, 3


@pytest.fixture
def seeded(demo_db):
    """The demo, shared (tests/conftest.py)."""


@pytest.fixture
def home(seeded, db):
    """The demo's home organization with the most members here, and its members."""
    name, count = Counter(
        Member.objects.exclude(origin_organization="").values_list("origin_organization", flat=True)
    ).most_common(1)[0]
    members = list(Member.objects.filter(origin_organization=name).order_by("id"))
    assert count == len(members) >= MATCHED + CONFLICTS + 1
    return name, members


def _list(home_name, members, *, aliases=False) -> bytes:
    """Their list: MATCHED of ours as we have them, CONFLICTS with another name, ONLY_THEIRS
    people we do not have, one unreadable row; the rest of ours left off (only ours)."""
    headers = (
        ["序号", "党员姓名", "身份证号", "组织关系所在党组织", "流入地", "手机"]
        if aliases
        else ["序号", "姓名", "公民身份号码", "流出党组织", "流向", "联系电话"]
    )
    rows = [headers]
    for number, member in enumerate(members[:MATCHED], 1):
        rows.append([number, member.name, member.id_number, home_name, "北京", member.phone])
    for member in members[MATCHED : MATCHED + CONFLICTS]:
        rows.append([len(rows), member.name + "某", member.id_number, home_name, "北京", ""])
    for _ in range(ONLY_THEIRS):
        rows.append([len(rows), "外地人", factories.make_id_number(), home_name, "北京", ""])
    rows.append([len(rows), "坏号码", "350102198805060000", home_name, "", ""])
    return xlsx(rows, title_rows=[["流出党员名单"]], sheet="Sheet1")


def _expected(members) -> dict:
    return {
        "matched": MATCHED,
        "only_theirs": ONLY_THEIRS,
        "only_ours": len(members) - MATCHED - CONFLICTS,
        "conflicts": CONFLICTS,
    }


def test_the_command_gives_the_counts_the_list_was_built_with(home, tmp_path, capsys):
    name, members = home
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_list(name, members))
    call_command("reconcile_list", str(path), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert {key: printed[key] for key in ("matched", "only_theirs", "only_ours", "conflicts")} == _expected(members)
    assert printed["unreadable"] == 1 and printed["home_organization"] == name
    kept = Reconciliation.objects.get(pk=printed["reconciliation"])
    assert kept.file_name == "名单.xlsx" and kept.counts["matched"] == MATCHED


def test_the_home_organization_named_at_upload_and_the_aliases(home, tmp_path, capsys):
    name, members = home
    path = tmp_path / "list.xlsx"
    path.write_bytes(_list(name, members, aliases=True))
    call_command("reconcile_list", str(path), "--home", name, "--json")
    printed = json.loads(capsys.readouterr().out)
    assert {key: printed[key] for key in ("matched", "only_theirs", "only_ours", "conflicts")} == _expected(members)


def test_the_page_compares_shows_the_groups_with_links_and_exports_each(home, client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    name, members = home
    client.force_login(get_user_model().objects.get(username="staff"))
    upload = io.BytesIO(_list(name, members))
    upload.name = "对方名单.xlsx"
    response = client.post("/reconciliations/", {"file": upload, "mode": "home", "home_organization": ""})
    assert response.status_code == 302
    kept = Reconciliation.objects.latest("id")
    with django_assert_max_num_queries(10):
        page = client.get(f"/reconciliations/{kept.pk}/").content.decode()
    only_ours = page.split('id="group-only_ours"', 1)[1].split("</section>", 1)[0]
    assert f'href="/members/{members[-1].pk}/"' in only_ours
    conflicts = page.split('id="group-conflicts"', 1)[1].split("</section>", 1)[0]
    assert members[MATCHED].name + "某" in conflicts
    expected = _expected(members)
    for group, count in expected.items():
        response = client.get(f"/reconciliations/{kept.pk}/export/{group}/")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("姓名", "公民身份号码") and len(rows) == count + 1
    assert ExportLog.objects.filter(kind="reconciliation").count() == 4
    assert client.get("/reconciliations/").status_code == 200


def test_secretaries_and_reviewers_may_not_reconcile(seeded, client):
    from django.contrib.auth import get_user_model

    kept = Reconciliation.objects.create(file_name="x.xlsx", checksum="0", counts={}, groups={})
    for username in ("secretary", "reviewer"):
        client.force_login(get_user_model().objects.get(username=username))
        assert client.get("/reconciliations/").status_code == 403
        assert client.get(f"/reconciliations/{kept.pk}/").status_code == 403


def test_a_residents_list_finds_the_members_who_may_have_moved(seeded, db, tmp_path, capsys):
    on_roster = list(Member.objects.order_by("id")[:5])
    rows = [["姓名", "公民身份号码", "住址"]] + [[member.name, member.id_number, "某小区"] for member in on_roster]
    rows.append(["居民甲", factories.make_id_number(), "某小区"])
    path = tmp_path / "居民.csv"
    path.write_text("\n".join(",".join(row) for row in rows), encoding="utf-8-sig")
    call_command("reconcile_list", str(path), "--residents", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["matched"], printed["only_theirs"], printed["conflicts"]) == (5, 1, 0)
    assert printed["only_ours"] == Member.objects.count() - 5


def test_the_half_years_letter_includes_the_result(home, tmp_path, client, capsys):
    from django.contrib.auth import get_user_model

    name, members = home
    letter = LiaisonLetter.objects.filter(home_organization=name).order_by("-year", "-half").first()
    assert letter is not None
    path = tmp_path / "名单.xlsx"
    path.write_bytes(_list(name, members))
    call_command("reconcile_list", str(path), "--json")
    client.force_login(get_user_model().objects.get(username="staff"))
    page = client.get(f"/letters/{letter.pk}/print/").content.decode()
    annex = page.split('id="letter-reconciliation"', 1)[1][:400]
    assert f"双方都有{MATCHED}人" in annex and f"不一致{CONFLICTS}人" in annex


def test_a_list_without_a_home_organization_is_refused_in_a_sentence(seeded, db, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("姓名,公民身份号码,联系电话\n甲,110101199003070012,13900000000\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("reconcile_list", str(path), "--json")
    assert "流出党组织" in json.loads(capsys.readouterr().out)["message"]


def test_a_list_naming_several_home_organizations_reports_each_ones_part_in_its_letter(
    seeded, db, tmp_path, capsys, client
):
    """A county's list covering two of its towns, uploaded without naming one: one comparison, kept
    under both names with each town's part, and each town's half-year letter reports its own."""
    from django.contrib.auth import get_user_model

    (first, _), (second, _) = Counter(
        Member.objects.exclude(origin_organization="").values_list("origin_organization", flat=True)
    ).most_common(2)
    ours = {name: list(Member.objects.filter(origin_organization=name).order_by("id")) for name in (first, second)}
    rows = [["姓名", "公民身份号码", "流出党组织"]]
    rows += [[member.name, member.id_number, first] for member in ours[first][:2]]
    rows += [[ours[first][2].name + "某", ours[first][2].id_number, first]]
    rows += [["外地人", factories.make_id_number(), first]]
    rows += [[member.name, member.id_number, second] for member in ours[second][:3]]
    rows += [["外地人", factories.make_id_number(), second] for _ in range(2)]
    path = tmp_path / "县里名单.xlsx"
    path.write_bytes(xlsx(rows))
    call_command("reconcile_list", str(path), "--json")
    printed = json.loads(capsys.readouterr().out)
    expected = {
        first: {"matched": 2, "conflicts": 1, "only_theirs": 1, "only_ours": len(ours[first]) - 3},
        second: {"matched": 3, "conflicts": 0, "only_theirs": 2, "only_ours": len(ours[second]) - 3},
    }
    for group in ("matched", "conflicts", "only_theirs", "only_ours"):
        assert printed[group] == expected[first][group] + expected[second][group], group
    kept = Reconciliation.objects.get(pk=printed["reconciliation"])
    assert kept.counts["by_home"] == expected

    client.force_login(get_user_model().objects.get(username="staff"))
    detail = client.get(f"/reconciliations/{kept.pk}/").content.decode()
    assert 'id="by-home"' in detail and first in detail and second in detail
    for name in (first, second):
        letter = LiaisonLetter.objects.filter(home_organization=name).order_by("-year", "-half").first()
        page = client.get(f"/letters/{letter.pk}/print/").content.decode()
        annex = page.split('id="letter-reconciliation"', 1)[1][:400]
        part = expected[name]
        assert f"双方都有{part['matched']}人" in annex and f"不一致{part['conflicts']}人" in annex, name
