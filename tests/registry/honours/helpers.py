"""What the honours tests share: a commendation made through the service, the import's headers."""

import datetime

from registry.honours import services
from registry.models import BodyLevel, Honour

HEADERS = ["姓名", "党组织名称", "公民身份号码", "表彰名称", "表彰机关", "表彰级别", "表彰日期", "是否追授"]
BODY = "中共北京福建企业总商会委员会"


def make_honour(*, member=None, organization=None, title="excellent_member", **extra) -> Honour:
    data = {
        "member": member,
        "organization": organization,
        "title": title,
        "title_text": extra.pop("title_text", "流动党员先进个人" if title == "other" else ""),
        "body": extra.pop("body", BODY),
        "body_level": extra.pop("body_level", BodyLevel.OWN),
        "date": extra.pop("date", datetime.date(2025, 7, 1)),
        "state": extra.pop("state", Honour.State.APPROVED),
        **extra,
    }
    if member is not None:
        del data["organization"]
    return services.honour_create(data=data, actor=None)
