import pytest

from tests import factories

JIANGJING = "中共福清市江镜镇委员会"
BANGTOU = "中共仙游县榜头镇委员会"


@pytest.fixture
def homes(tree):
    """Three members from 江镜镇 (two branches), one from 榜头镇, and a self-managed member who is not written about."""
    return {
        JIANGJING: [
            factories.make_member(
                tree["fuzhou_1"], name="林一", origin_organization=JIANGJING, origin_address="福建省福清市江镜镇"
            ),
            factories.make_member(
                tree["fuzhou_1"], name="林二", origin_organization=JIANGJING, origin_address="福建省福清市江镜镇"
            ),
            factories.make_member(
                tree["putian"],
                name="林三",
                origin_organization=JIANGJING,
                origin_address="福建省福清市江镜镇",
                lost_contact=True,
            ),
        ],
        BANGTOU: [factories.make_member(tree["putian"], name="陈四", origin_organization=BANGTOU)],
        "self_managed": [
            factories.make_member(
                tree["putian"], name="自管", origin_organization="中共某镇委员会", category="self_managed"
            )
        ],
    }
