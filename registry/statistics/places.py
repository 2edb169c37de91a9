"""The province (省、自治区、直辖市) a written place names, for T-F2 of the annual statistics (docs/statistics.md):
an address or an organization's name as people write them ("福建省福州市鼓楼区…", "中共上海市某企业委员会",
"广西南宁"), read by the province's name at its start, full or short. Anything else is not guessed."""

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


def province_of(*places: str) -> str:
    """The short name of the province the first readable place starts with, or "" where none does."""
    for place in places:
        text = "".join((place or "").split())
        for prefix in PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        for province in PROVINCES:
            if text.startswith(province):
                return province
    return ""
