"""The demo year's service ledger: disputes settled and money recovered, leases renewed, children
placed in schools — most closed, the recent ones partly still open. Loaded by
outreach/contacts/demo.py from its own seeded generator."""

import datetime
from decimal import Decimal

from branches.models import Enterprise
from fixtures import demo
from outreach.cases import services
from outreach.demo import COMMITTEE_VISITORS, day_between, weighted
from outreach.models import ServiceCase

CASE_KINDS = (
    ("dispute", 14),
    ("legal_aid", 8),
    ("shop_lease", 8),
    ("schooling", 7),
    ("residence", 6),
    ("employment", 6),
    ("medical", 4),
    ("financing", 4),
    ("titles", 3),
    ("other", 2),
)
CASE_SUMMARIES = {
    "dispute": ("货款拖欠纠纷调解", "与合作方合同纠纷调解", "工程款结算纠纷调解", "商铺租赁押金纠纷调解"),
    "legal_aid": ("协助追讨被拖欠货款", "提供法律援助，维护合法权益", "协助处理劳务报酬追讨"),
    "shop_lease": ("协调市场商铺续租", "协调商铺租金调整", "协助办理商铺续租手续"),
    "schooling": ("协调子女入学", "协助办理子女借读手续", "协调子女转学"),
    "residence": ("协助办理居住证", "协助办理居住登记"),
    "employment": ("推荐就业岗位", "协助家属就业"),
    "medical": ("协调就医床位", "联系专家会诊"),
    "financing": ("协调银行贷款续贷", "对接融资担保"),
    "titles": ("协助申报专业技术职称",),
    "other": ("协助办理其他事项",),
}


def load_cases(rng, members, organizations, created, year) -> None:
    start, end = year
    committee = organizations[0]
    enterprises = list(Enterprise.objects.filter(name__in=[e.name for e in demo.ENTERPRISES]).order_by("name"))
    hosts = {}
    for organization in organizations:
        for enterprise in organization.host_enterprises.all():
            hosts.setdefault(enterprise.pk, organization)
    existing = set(
        ServiceCase.objects.filter(organization__in=organizations).values_list("organization_id", "opened", "summary")
    )
    for _case in range(64):
        kind = weighted(rng, CASE_KINDS)
        for_enterprise = rng.random() < 0.2 and enterprises
        member = None if for_enterprise else rng.choice(members)
        enterprise = (
            rng.choice(enterprises)
            if for_enterprise
            else (member.enterprise if member and rng.random() < 0.3 else None)
        )
        organization = member.organization if member else hosts.get(enterprise.pk, committee)
        opened = day_between(rng, start, end - datetime.timedelta(days=3))
        still_open = opened > end - datetime.timedelta(days=40) and rng.random() < 0.6 or rng.random() < 0.04
        closed = None if still_open else min(opened + datetime.timedelta(days=rng.randint(3, 75)), end)
        outcome = "" if closed is None else weighted(rng, (("resolved", 80), ("partly", 12), ("not_resolved", 8)))
        amount = Decimal(0)
        if kind in ("dispute", "legal_aid") and outcome in ("resolved", "partly"):
            amount = Decimal(rng.randrange(20, 900) * 1000)
        elif kind == "financing" and outcome == "resolved":
            amount = Decimal(rng.randrange(50, 500) * 1000)
        elif kind == "shop_lease" and outcome == "resolved":
            amount = Decimal(rng.randrange(5, 60) * 1000)
        people = rng.randint(5, 40) if for_enterprise else rng.choice((1, 1, 1, 2, 3))
        summary = rng.choice(CASE_SUMMARIES[kind])
        handled_by = rng.choice(COMMITTEE_VISITORS).split("（")[0]
        if (organization.pk, opened, summary) in existing:
            continue
        services.service_case_create(
            data={
                "kind": kind,
                "organization": organization,
                "member": member,
                "enterprise": enterprise,
                "summary": summary,
                "opened": opened,
                "closed": closed,
                "outcome": outcome,
                "amount": amount,
                "people_served": people,
                "outcome_note": {
                    "resolved": "已妥善解决。",
                    "partly": "部分解决，继续跟进。",
                    "not_resolved": "未能解决，已告知其他途径。",
                }.get(outcome, ""),
                "handled_by": handled_by,
            },
            actor=None,
        )
        existing.add((organization.pk, opened, summary))
        created["service cases"] += 1
