"""Plain factory functions for test data: valid ID numbers, members, organizations in volume."""

import datetime
import itertools
import random

from branches import services as branch_services
from branches.creditcodes import ALPHABET, credit_code_check_character
from branches.models import Chamber, Enterprise, Organization
from registry.idnumbers import id_check_character
from registry.members import services as member_services
from registry.models import Member

_sequence = itertools.count(1)


def make_id_number(birth: datetime.date | None = None, male: bool = True, region: str = "350102") -> str:
    """A valid 18-character ID number, distinct on every call."""
    # Born 1960–1984: an adult who joined the party (2005 by default) after their birth, whatever the
    # sequence has reached.
    birth = birth or datetime.date(1960, 1, 1) + datetime.timedelta(days=next(_sequence) % 9000)
    serial = next(_sequence) % 500
    gender_digit = (serial % 5) * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{serial % 100:02d}{gender_digit}"
    return first17 + id_check_character(first17)


def make_credit_code(seed: int | None = None) -> str:
    rng = random.Random(seed if seed is not None else next(_sequence))
    first17 = "91" + "350102" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return first17 + credit_code_check_character(first17)


def make_chamber(name=None, kind=Chamber.Kind.CITY, **extra) -> Chamber:
    return branch_services.chamber_create(
        data={"name": name or f"测试商会{next(_sequence)}", "kind": kind, **extra}, actor=None
    )


def make_enterprise(name=None, **extra) -> Enterprise:
    return branch_services.enterprise_create(data={"name": name or f"测试企业{next(_sequence)}", **extra}, actor=None)


def make_organization(name=None, level=Organization.Level.BRANCH, parent=None, **extra) -> Organization:
    return branch_services.organization_create(
        data={"name": name or f"测试党支部{next(_sequence)}", "level": level, "parent": parent, **extra}, actor=None
    )


def member_data(organization: Organization, **extra) -> dict:
    number = next(_sequence)
    data = {
        "name": f"党员{number}",
        "id_number": make_id_number(),
        "organization": organization,
        "category": Member.Category.REGISTERED_MOBILE,
        "status": Member.Status.FULL,
        "joined": datetime.date(2005, 7, 1),
        "made_full": datetime.date(2006, 7, 1),
        "left_home": datetime.date(2010, 3, 1),
        "work_address": "北京市朝阳区某路1号",
        "origin_address": "福建省福州市鼓楼区",
        "occupation": "经理",
        "phone": f"139{number:08d}"[-11:],
        "dues_paid_through": datetime.date(2026, 6, 1),
    }
    if "id_number" not in extra and isinstance(extra.get("joined"), datetime.date):
        # Old enough on joining (18 at the least, joined_under_18): born 20 to 45 years before it.
        data["id_number"] = make_id_number(birth=extra["joined"] - datetime.timedelta(days=7305 + number % 9000))
    data.update(extra)
    return data


def make_member(organization: Organization, actor=None, **extra) -> Member:
    return member_services.member_create(data=member_data(organization, **extra), actor=actor)


def make_payer(organization: Organization, actor=None, **extra) -> Member:
    """A member who pays dues here: as make_member's registered mobile member, who has arranged to pay
    here (docs/lifecycle.md#dues-who-pays), unless `extra` says otherwise."""
    return make_member(organization, actor, **{"pays_dues_here": True, **extra})


MEMBER_HEADERS = ["姓名", "公民身份号码", "所在党组织", "管理类别", "党员身份", "入党时间", "联系电话"]


def member_workbook(rows: list[list], headers: list[str] = MEMBER_HEADERS, title: str | None = None) -> bytes:
    """An .xlsx roster as a secretary might send it: an optional title row, then the table."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
