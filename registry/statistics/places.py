"""The province (省、自治区、直辖市) a written place names, for T-F2 of the annual statistics (docs/statistics.md):
an address or an organization's name as people write them ("福建省福州市鼓楼区…", "中共上海市某企业委员会",
"广西南宁"), read by the province's name at its start, full or short. Anything else is not guessed."""

import functools

# The 34 provincial-level divisions in the order of the national statistics (GB/T 2260), by short name.
PROVINCES = (
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
)
# What may come before the province's name in a written place.
PREFIXES = ("中国共产党", "中华人民共和国", "中共", "中国")
# A province is named within a place's first characters (a prefix, spaces, the name): the rest is not read.
READ_CHARACTERS = 16
_BY_LENGTH = {length: {name for name in PROVINCES if len(name) == length} for length in (2, 3)}


@functools.lru_cache(maxsize=4096)
def province_at_start(place: str) -> str:
    """The province `place` names at its start (its first READ_CHARACTERS read), or ""."""
    text = "".join(place[:READ_CHARACTERS].split())
    for prefix in PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    for length in (3, 2):  # 黑龙江 and 内蒙古 first
        if text[:length] in _BY_LENGTH[length]:
            return text[:length]
    return ""


def province_of(*places: str) -> str:
    """The short name of the province the first readable place starts with, or "" where none does."""
    for place in places:
        province = province_at_start(place or "")
        if province:
            return province
    return ""
