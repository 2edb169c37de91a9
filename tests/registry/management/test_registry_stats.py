"""`manage.py registry_stats`: the figures on the small tree, and the JSON contract."""

import datetime
import json
from io import StringIO

from django.core.management import call_command

from branches.models import Chamber, Organization
from tests import factories

# The shape scripts and dashboards rely on: every key here must be present (extra keys are fine).
CONTRACT = {
    "members": {
        "total": None,
        "full": None,
        "probationary": None,
        "by_category": {"self_managed": None, "registered_mobile": None, "shown_identity": None, "temporary": None},
        "six_knowns": {"applicable": None, "complete": None},
    },
    "organizations": {
        "total": None,
        "by_level": {
            "committee": None,
            "general_branch": None,
            "branch": None,
            "joint_branch": None,
            "temporary_branch": None,
            "party_group": None,
        },
    },
    "chambers": {
        "total": None,
        "by_kind": {kind: {"total": None, "covered": None} for kind in ("general", "city", "industry")},
    },
    "enterprises": {"total": None, "with_own_organization": None},
}


def stats_json() -> dict:
    out = StringIO()
    call_command("registry_stats", "--json", stdout=out)
    return json.loads(out.getvalue())  # exactly one JSON document, nothing else


def missing_keys(contract: dict, figures: dict, prefix: str = "") -> list[str]:
    missing = []
    for key, inner in contract.items():
        if key not in figures:
            missing.append(prefix + key)
        elif inner is not None:
            missing += missing_keys(inner, figures[key], f"{prefix}{key}.")
        elif not isinstance(figures[key], int):
            missing.append(f"{prefix}{key} (not a number)")
    return missing


def test_json_has_every_contract_key_on_an_empty_database(db):
    figures = stats_json()
    assert missing_keys(CONTRACT, figures) == []
    assert figures["members"]["total"] == 0 and figures["chambers"]["total"] == 0


def test_figures_of_the_small_tree(tree, members):
    industry = factories.make_chamber("茶业商会", kind=Chamber.Kind.INDUSTRY, parent=tree["general_chamber"])
    own = factories.make_enterprise("榕城建设有限公司", chamber=tree["fuzhou_chamber"])
    factories.make_enterprise("武夷茶叶有限公司", chamber=industry)  # no organization: the chamber is a gap
    factories.make_organization(
        "榕城建设有限公司党支部",
        parent=tree["fuzhou"],
        formation=Organization.Formation.STANDALONE,
        host_enterprises=[own],
    )
    factories.make_member(tree["putian"], category="self_managed")
    factories.make_member(tree["putian"], status="probationary", made_full=None)
    factories.make_member(tree["fuzhou_1"], phone="")  # one of the six knowns missing
    factories.make_member(
        tree["fuzhou_2"],
        category="shown_identity",
        joined=datetime.date(2001, 7, 1),
        made_full=datetime.date(2002, 7, 1),
    )

    figures = stats_json()

    assert missing_keys(CONTRACT, figures) == []
    assert figures["members"] == {
        "total": 12,
        "full": 11,
        "probationary": 1,
        "by_category": {"self_managed": 1, "registered_mobile": 10, "shown_identity": 1, "temporary": 0},
        "six_knowns": {"applicable": 11, "complete": 10},
        "lost_contact": 0,
    }
    assert figures["organizations"]["total"] == 6
    assert figures["organizations"]["by_level"] == {
        "committee": 1,
        "general_branch": 1,
        "branch": 4,
        "joint_branch": 0,
        "temporary_branch": 0,
        "party_group": 0,
    }
    assert figures["chambers"] == {
        "total": 4,
        "by_kind": {
            "general": {"total": 1, "covered": 1},
            "city": {"total": 2, "covered": 2},
            "industry": {"total": 1, "covered": 0},
        },
    }
    assert figures["enterprises"] == {"total": 2, "with_own_organization": 1}


def test_a_joint_branch_does_not_give_its_hosts_an_own_organization(tree):
    small = [factories.make_enterprise(f"小企业{n}", chamber=tree["putian_chamber"]) for n in range(3)]
    factories.make_organization(
        "莆田联合党支部",
        level=Organization.Level.JOINT_BRANCH,
        parent=tree["committee"],
        formation=Organization.Formation.JOINT,
        host_enterprises=small,
    )
    assert stats_json()["enterprises"] == {"total": 3, "with_own_organization": 0}


def test_the_table_shows_one_figure_per_line(tree, members):
    out = StringIO()
    call_command("registry_stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[-1] == "8"  # members first
    assert all(line.split() for line in lines)
    figures = stats_json()
    assert len(lines) == (
        3
        + len(figures["members"]["by_category"])
        + 2  # members, categories, six knowns
        + 1
        + len(figures["organizations"]["by_level"])
        + 1  # organizations, levels, branches in all
        + 1
        + len(figures["development"])  # candidates not yet admitted, by stage
        + 1
        + len(figures["chambers"]["by_kind"])  # chambers
        + 2  # enterprises
        + 1
        + len(figures["dues"])  # dues: paid up, 3+, 6+, unknown, paying elsewhere
        + 5  # movement: flowed out, letters waiting, former members; the year's two balances
    )
    organizations_line = lines[3 + len(figures["members"]["by_category"]) + 2]
    assert organizations_line.split()[-1] == "5"
