"""The rules of organizational life that decide from the facts they are given (ORGLIFE.md §1,
docs/orglife.md): what a 会议类型 cell names, what a 出席情况 or 原因 cell says, and whether an
attendance entry is complete. Pure functions: the forms, the imports and the services ask them.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.models import ACTIVITY_KINDS, MEETING_KINDS, Attendance, GatheringKind

Kind = GatheringKind.Kind
Status = Attendance.Status
Reason = Attendance.Reason

# --- kinds -------------------------------------------------------------------------------------

# The words a register writes for each kind (ORGLIFE.md §1's table; the first is the canonical one
# an export writes, and the label the pages show), then the other ways secretaries write it.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    Kind.GENERAL_MEETING: ("支部党员大会", "党员大会", "全体党员大会", "党员会议", "总支党员大会"),
    Kind.COMMITTEE_MEETING: (
        "支部委员会会议",
        "支委会",
        "支委会议",
        "支部委员会",
        "委员会会议",
        "党委会",
        "总支委员会会议",
    ),
    Kind.GROUP_MEETING: ("党小组会", "党小组会议", "小组会", "党小组学习会"),
    Kind.LECTURE: ("党课", "专题党课", "书记讲党课"),
    Kind.PARTY_DAY: ("主题党日", "主题党日活动", "党日活动"),
    Kind.LIFE_MEETING: ("组织生活会", "专题组织生活会"),
    Kind.TALK: ("谈心谈话", "谈话谈心", "谈心"),
    Kind.LEADERSHIP_MEETING: ("民主生活会", "专题民主生活会"),
    Kind.SPECIAL_LECTURE: ("专题讲座", "讲座", "辅导讲座"),
    Kind.STUDY_TRIP: ("参观学习", "参观"),
    Kind.STUDY_MEETING: ("集中学习", "学习会"),
    Kind.ONLINE_STUDY: ("网上学习", "线上学习"),
    Kind.CONTEST: ("知识竞赛", "竞赛"),
    Kind.OTHER: ("其他", "其它"),
}
KIND_CANONICAL = {code: words[0] for code, words in KIND_WORDS.items()}
_KIND_BY_WORD = {word: code for code, words in KIND_WORDS.items() for word in (code, *words)}
# One meeting counted as several kinds: 支部党员大会暨主题党日, 党员大会、党课 (and commas, for the hurried).
KIND_SEPARATORS = re.compile(r"[暨、，,;；/＋+]+")
_SPACES = re.compile(r"\s+")


class KindError(ValueError):
    """A 会议类型 that names no kind (`code`: "unknown_meeting_kind" or "no_kind"); `words` the unknown parts."""

    def __init__(self, code: str, words: tuple[str, ...] = ()):
        super().__init__(code)
        self.code = code
        self.words = words


def parse_kinds(text: str) -> tuple[str, ...]:
    """The kinds a 会议类型 names, in the order of ORGLIFE.md §1 (meetings, then activities), each
    once: "支部党员大会暨主题党日" → ("general_meeting", "party_day"). KindError when a part names
    no kind, or nothing is named."""
    parts = [_SPACES.sub("", part) for part in KIND_SEPARATORS.split(text or "")]
    parts = [part for part in parts if part]
    if not parts:
        raise KindError("no_kind")
    unknown = tuple(part for part in parts if part not in _KIND_BY_WORD)
    if unknown:
        raise KindError("unknown_meeting_kind", unknown)
    return ordered_kinds(_KIND_BY_WORD[part] for part in parts)


def ordered_kinds(codes) -> tuple[str, ...]:
    """`codes` once each, in the order of the kinds' table (meetings first)."""
    wanted = set(codes)
    return tuple(code for code in (*MEETING_KINDS, *ACTIVITY_KINDS) if code in wanted)


def kinds_text(codes) -> str:
    """The 会议类型 a register writes for these kinds: 支部党员大会暨主题党日."""
    return "暨".join(KIND_CANONICAL[code] for code in ordered_kinds(codes))


def kind_message(error: KindError) -> str:
    if error.code == "no_kind":
        return _("Name at least one kind of meeting.")
    return _(
        "%(words)s is not a kind of meeting. Write one or more of 支部党员大会, 支部委员会会议, 党小组会, 党课, "
        "主题党日, 组织生活会, 谈心谈话, 民主生活会 (or an activity: 专题讲座, 参观学习, 集中学习, 网上学习, 知识竞赛, "
        "其他), joined by 暨 or 、."
    ) % {"words": "、".join(error.words)}


# --- attendance ------------------------------------------------------------------------------------

# 出席情况 as a sign-in sheet writes it (the first word is the one an export writes).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    Status.PRESENT: ("出席", "到会", "参加", "已到", "到", "签到", "√", "✓", "是"),
    Status.EXCUSED: ("请假", "已请假", "假"),
    Status.ABSENT: ("缺席", "未到", "缺勤", "未参加", "否", "×", "✗"),
    Status.ELSEWHERE: ("外地参加", "异地参加", "在外地参加", "流入地参加", "外出参加", "异地"),
}
STATUS_CANONICAL = {code: words[0] for code, words in STATUS_WORDS.items()}
STATUS_BY_WORD = {word: code for code, words in STATUS_WORDS.items() for word in words}

# 原因 as written: each of the four reasons of ORGLIFE.md §1 and the words that say it.
REASON_WORDS: dict[str, tuple[str, ...]] = {
    Reason.OFFICIAL: ("因公", "公差", "出差", "工作", "公务", "工作原因"),
    Reason.ILLNESS: ("因病", "病假", "生病", "住院", "身体原因"),
    Reason.PERSONAL: ("因事", "事假", "私事", "家事", "个人原因"),
    Reason.AWAY: ("在外地", "外地", "外出", "在外", "不在本地", "回乡", "返乡"),
}
REASON_CANONICAL = {code: words[0] for code, words in REASON_WORDS.items()}


def reason_from_text(text: str) -> str:
    """The one of the four reasons a 原因 cell says ("因病住院" → illness), or "" when it says none."""
    text = _SPACES.sub("", text or "")
    for code, words in REASON_WORDS.items():
        if any(word in text for word in words):
            return code
    return ""


@dataclass(frozen=True)
class Entry:
    """One member's line of an attendance sheet, as a form or an import gives it."""

    member_id: int
    status: str
    reason: str = ""
    reason_note: str = ""
    elsewhere_organization: str = ""
    elsewhere_date: object = None  # datetime.date | None

    def cleaned(self) -> "Entry":
        """The entry as stored: a reason only for 请假 and 缺席, the place elsewhere only for 外地参加."""
        away = self.status in (Status.EXCUSED, Status.ABSENT)
        elsewhere = self.status == Status.ELSEWHERE
        return Entry(
            member_id=self.member_id,
            status=self.status,
            reason=self.reason if away else "",
            reason_note=self.reason_note,
            elsewhere_organization=self.elsewhere_organization if elsewhere else "",
            elsewhere_date=self.elsewhere_date if elsewhere else None,
        )


def entry_problem(entry: Entry, *, gathering_date) -> tuple[str, str] | None:
    """(code, message) when an attendance entry cannot be kept (ORGLIFE.md §1: took part elsewhere
    *with the organization and the date*); None when it may be kept. A member who took part
    elsewhere names where: without it nobody could check it. An excused member's reason is asked
    for but not required: a sign-in sheet often says only 请假."""
    if entry.status == Status.ELSEWHERE and not entry.elsewhere_organization:
        return "elsewhere_missing", _("Took part elsewhere: name the organization where the member took part.")
    # Organizational life elsewhere counts for the period in which it happened; a date far from the
    # meeting's is usually a typing slip, but another month is allowed (the member's own branch day).
    far = entry.elsewhere_date and gathering_date and abs((entry.elsewhere_date - gathering_date).days) > 366
    if entry.status == Status.ELSEWHERE and far:
        return "elsewhere_date", _("The day taken part elsewhere is more than a year from the meeting's day.")
    return None
