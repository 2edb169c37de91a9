"""The columns of the meeting register and of a sign-in sheet (docs/spreadsheets.md#meetings-columns,
#meeting-attendance-columns) and how their cells are read: the imports read them, the exports
write them, in the same order."""

from django.utils.translation import gettext as _

from registry.imports.values import id_number_parser
from registry.orglife import rules
from spreadsheets.errors import CellError
from spreadsheets.table import Column
from spreadsheets.values import cell_text, date_parser, person_name_parser, text_parser


def kinds_parser(raw) -> tuple[str, ...]:
    try:
        return rules.parse_kinds(cell_text(raw))
    except rules.KindError as error:
        raise CellError(rules.kind_message(error), code="unknown_meeting_kind") from None


def status_parser(raw) -> str:
    text = "".join(cell_text(raw).split())
    if text in rules.STATUS_BY_WORD:
        return rules.STATUS_BY_WORD[text]
    raise CellError(
        _("“%(value)s” is not an attendance: write 出席, 请假, 缺席 or 外地参加.") % {"value": cell_text(raw)},
        code="unknown_status",
    )


ORGANIZATION = Column(
    "organization", "党组织", ("所在党组织", "党支部", "支部", "组织名称", "党组织名称"), text_parser(150)
)
KINDS = Column("kinds", "会议类型", ("类型", "会议类别", "活动类型", "会议形式"), kinds_parser)
DATE = Column("date", "日期", ("会议日期", "会议时间", "活动日期", "时间"), date_parser)

MEETING_COLUMNS = (
    Column(ORGANIZATION.field, ORGANIZATION.header, ORGANIZATION.aliases, ORGANIZATION.parse, required=True),
    Column(KINDS.field, KINDS.header, KINDS.aliases, KINDS.parse, required=True),
    Column(DATE.field, DATE.header, DATE.aliases, DATE.parse, required=True),
    Column("topic", "主题", ("会议主题", "议题", "活动主题", "内容"), text_parser(200), required=True, memo=False),
    Column("chair_name", "主持人", ("主持",), text_parser(50)),
    Column("recorder_name", "记录人", ("记录",), text_parser(50)),
    Column("place", "地点", ("会议地点", "活动地点"), text_parser(200)),
)
MEETING_REQUIRED = ("organization", "kinds", "date", "topic")
MEETING_FIELDS = ("topic", "chair_name", "recorder_name", "place")

ATTENDANCE_COLUMNS = (
    Column("name", "姓名", ("名字", "党员姓名"), person_name_parser(50), memo=False),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, memo=False),
    Column(
        "status",
        "出席情况",
        ("出勤情况", "参加情况", "出席", "考勤", "签到情况"),
        status_parser,
        required=True,
        canonical=rules.STATUS_CANONICAL,
    ),
    Column("reason", "原因", ("请假原因", "缺席原因", "请假事由"), text_parser(100)),
    Column("elsewhere_organization", "参加组织", ("外地参加组织", "参加党组织", "在何处参加"), text_parser(150)),
    Column("elsewhere_date", "参加日期", ("外地参加日期",), date_parser),
    ORGANIZATION,
    KINDS,
    DATE,
)
ATTENDANCE_FIELDS = ("status", "reason", "reason_note", "elsewhere_organization", "elsewhere_date")
