"""Certificates and requests over the named users' tree (tests/conftest.py)."""

import datetime

import pytest

from outreach.certificates import services
from tests import factories


def make_certificate(member, number=None, issued_on=datetime.date(2024, 3, 1), **extra):
    data = {
        "member": member,
        "number": number or f"证{member.pk:05d}-{issued_on.year}",
        "issued_on": issued_on,
        "reason": "work",
        "destination": "北京市朝阳区",
        "left_on": datetime.date(2023, 12, 1),
        "issuing_organization": member.origin_organization or "中共福州市鼓楼区东街街道工作委员会",
        **extra,
    }
    return services.certificate_create(data=data, actor=None)


@pytest.fixture
def mobile(tree):
    """A registered mobile member in each of 福州商会第一党支部 (secretary_a's) and 莆田商会党支部 (secretary_b's)."""
    return {
        "fuzhou": factories.make_member(tree["fuzhou_1"], name="林福州", origin_organization="中共福清市江镜镇委员会"),
        "putian": factories.make_member(tree["putian"], name="陈莆田", origin_organization="中共仙游县榜头镇委员会"),
    }
