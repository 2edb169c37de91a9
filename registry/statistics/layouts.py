"""The forms of the annual statistics (党内统计年报) as data: each table's number, title, unit, rows (栏),
columns (甲, A, B, …), its checks and which records its cells count (docs/statistics.md,
../shared/STATISTICS.md). A new year's form is an edit here; registry/statistics/tables.py fills the
cells and registry/statistics/checks.py reads the rules.

A check is written as the form writes it: terms joined by "+" and "-", compared by "=" or ">=". A term
is a row number (its column A: "15 = 1 + 2 - 9"), a column letter (its row 1: "A = F + G"), a column
and a row ("A2"), or any of these after another table's id ("T1 16 = T2 A1"). The label of the text
is the form's own (Chinese), as the workbook and the page print it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from registry.members.post_categories import T2_ROWS
from registry.statistics.places import PROVINCES

MEMBER = "member"
ORGANIZATION = "organization"
ENTERPRISE = "enterprise"
CHAMBER = "chamber"


@dataclass(frozen=True)
class Layout:
    id: str
    title: str
    unit: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    checks: tuple[str, ...] = ()
    record: str = MEMBER  # what the cells count: "member" or "organization"
    # Rows or columns whose cells count another kind of record: {row number or column letter: kind}.
    row_records: dict = field(default_factory=dict)
    column_records: dict = field(default_factory=dict)
    # Cells the registry holds no records for, whatever happened: {column letter or row number: why}.
    # The page shows them as "—" with the reason (in the cell's tooltip and under the table), never as
    # a silent zero; their figure stays 0 in the JSON and the workbook notes them (docs/statistics.md).
    unrecorded: dict = field(default_factory=dict)

    def record_of(self, row: str, column: str = "") -> str:
        return self.column_records.get(column) or self.row_records.get(row, self.record)

    def unrecorded_note(self, row: str, column: str) -> str:
        return self.unrecorded.get(column) or self.unrecorded.get(row) or ""

    def unrecorded_lines(self) -> list[tuple[str, str]]:
        """[("columns C、D" or "row 5", why)]: one line per reason, as the page and the workbook note them."""
        found = {}
        for key, note in self.unrecorded.items():
            found.setdefault(note, []).append(key)
        return [
            ((_("columns %(keys)s") if keys[0].isalpha() else _("row %(keys)s")) % {"keys": "、".join(keys)}, note)
            for note, keys in found.items()
        ]


def _rows(*labels: str, first: int = 1) -> tuple[tuple[str, str], ...]:
    return tuple((str(number), label) for number, label in enumerate(labels, start=first))


def _columns(*labels: str) -> tuple[tuple[str, str], ...]:
    return tuple((chr(ord("A") + index), label) for index, label in enumerate(labels))


def _sum(left: str, first: str, last: str) -> str:
    """ "A = F + G + … + O": a column equal to the sum of a run of columns (row 1)."""
    letters = [chr(code) for code in range(ord(first), ord(last) + 1)]
    return f"{left} = " + " + ".join(letters)


POST_ROWS = tuple((str(number), label) for number, label, _categories in T2_ROWS)
# The row checks of T2, T3 and T4 (on column A) [STATISTICS.md T2 · T3 · T4; 9 ≥ 10, 16 ≥ 17, 18 ≥ 19 ours].
POST_ROW_CHECKS = (
    "1 = 2 + 18 + 20 + 21 + 22 + 23",
    "2 = 3 + 11",
    "3 = 4 + 5 + 6 + 7 + 8 + 9",
    "11 = 12 + 13 + 14 + 15 + 16",
    "9 >= 10",
    "16 >= 17",
    "18 >= 19",
)

T1 = Layout(
    id="T1",
    title="党员数量变化情况",
    unit="人",
    rows=_rows(
        "上年底总数",
        "本年增加",
        "发展党员",
        "其中：重新入党",
        "恢复党籍",
        "其中：停止党籍后恢复党籍",
        "转入组织关系",
        "其中：整建制转入",
        "本年减少",
        "出党",
        "停止党籍",
        "死亡",
        "转出组织关系",
        "其中：整建制转出",
        "本年底应有数",
        "本年底实有数",
        "实有数与应有数之差",
    ),
    columns=_columns("人数"),
    checks=(
        "2 = 3 + 5 + 7",
        "9 = 10 + 11 + 12 + 13",
        "15 = 1 + 2 - 9",
        "3 >= 4",
        "5 >= 6",
        "7 >= 8",
        "13 >= 14",
    ),
)

AGE_COLUMNS = (
    "30岁及以下",
    "31至35岁",
    "36至40岁",
    "41至45岁",
    "46至50岁",
    "51至55岁",
    "56至60岁",
    "61至65岁",
    "66至70岁",
    "71岁及以上",
)
T2 = Layout(
    id="T2",
    title="党员基本情况",
    unit="人",
    rows=POST_ROWS,
    columns=_columns("总数", "预备党员", "女", "少数民族", "台湾省籍", *AGE_COLUMNS),
    checks=(
        _sum("A", "F", "O"),
        "A >= B",
        "A >= C",
        "A >= D",
        "A >= E",
        *POST_ROW_CHECKS,
        "T1 16 = T2 A1",
    ),
)

T3 = Layout(
    id="T3",
    title="党员入党时间情况",
    unit="人",
    rows=POST_ROWS,
    columns=_columns(
        "总数",
        "1937年7月6日及以前",
        "1937年7月7日至1945年9月2日",
        "1945年9月3日至1949年9月30日",
        "1949年10月1日至1966年4月30日",
        "1966年5月1日至1976年10月31日",
        "1976年11月1日至1978年12月31日",
        "1979年1月1日至2002年10月31日",
        "2002年11月1日至2012年10月31日",
        "2012年11月1日及以后",
    ),
    checks=(_sum("A", "B", "J"), *POST_ROW_CHECKS, "T1 16 = T3 A1"),
)

EDUCATION_COLUMNS = ("研究生", "大学本科", "大学专科", "中专", "高中、中技", "初中及以下")
T4 = Layout(
    id="T4",
    title="党员学历情况",
    unit="人",
    rows=POST_ROWS,
    columns=_columns("总数", *EDUCATION_COLUMNS),
    checks=(_sum("A", "B", "G"), *POST_ROW_CHECKS, "T1 16 = T4 A1"),
)

T8 = Layout(
    id="T8",
    title="民主评议党员情况",
    unit="个、人",
    rows=_rows(
        "开展评议的支部",
        "其中：结束评议的支部",
        "参加评议的党员",
        "其中：结束评议的党员",
        "表彰党员",
        "评定为不合格党员",
        "组织处置 合计",
        "限期改正",
        "劝退",
        "劝而不退除名",
        "自行脱党除名",
    ),
    # C-G: the other kinds of unit a branch may sit in (labels ours, after the 中组部 communiqué's kinds of
    # unit: the form's own headings were not available). The registry knows a branch's host unit only as a
    # member enterprise (H) or a chamber (I).
    columns=_columns(
        "总数",
        "上年开展本年结束",
        "乡镇、街道",
        "建制村、社区",
        "机关",
        "事业单位",
        "公有经济控制企业",
        "非公有经济控制企业",
        "社会组织",
    ),
    checks=("1 >= 2", "3 >= 4", "7 = 8 + 9 + 10 + 11"),
    row_records={"1": ORGANIZATION, "2": ORGANIZATION},
    unrecorded=dict.fromkeys(
        "CDEFG",
        _(
            "Not recorded in the registry: it knows a branch's host unit only as a member enterprise (column H) "
            "or a chamber (column I), never as a unit of this kind."
        ),
    ),
)

BY_AGE_AND_JOINED = (
    ("1", "总计"),
    ("4", "35岁及以下"),
    ("5", "36至54岁"),
    ("6", "55至59岁"),
    ("7", "60岁及以上"),
    ("8", "1966年4月及以前入党"),
    ("9", "1966年5月至1976年10月入党"),
    ("10", "1976年11月至1978年12月入党"),
    ("11", "1979年1月至2002年10月入党"),
    ("12", "2002年11月至2012年10月入党"),
    ("13", "2012年11月及以后入党"),
)
AGE_AND_JOINED_CHECKS = ("1 = 4 + 5 + 6 + 7", "1 = 8 + 9 + 10 + 11 + 12 + 13")

T10 = Layout(
    id="T10",
    title="党员出党情况",
    unit="人",
    rows=BY_AGE_AND_JOINED,
    columns=_columns(
        "总数",
        "开除党籍",
        "退党除名",
        "劝退",
        "劝而不退除名",
        "自行脱党除名",
        "其中：经多方查找确实无法取得联系",
        "取消预备党员资格",
        "不予承认",
    ),
    checks=("A = B + C + D + E + F + H + I", "F >= G", *AGE_AND_JOINED_CHECKS, "T1 10 = T10 A1"),
)

T12 = Layout(
    id="T12",
    title="党员受党纪处分情况",
    unit="人",
    rows=BY_AGE_AND_JOINED,
    columns=_columns("总数", "警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"),
    checks=("A = B + C + D + E + F", *AGE_AND_JOINED_CHECKS, "T10 B1 = T12 F1"),
)

T14 = Layout(
    id="T14",
    title="党内表彰情况",
    unit="个、人",
    # Rows 4-6: the form's supplement (补充资料) on the members of rows 2 and 3, numbered on *(ours)*.
    rows=_rows(
        "先进基层党组织",
        "优秀共产党员",
        "优秀党务工作者",
        "补充资料：受表彰党员中 党组织书记",
        "补充资料：受表彰党员中 生活困难的",
        "补充资料：受表彰党员中 追授的",
    ),
    columns=_columns("总数", "抗灾救灾", "省一级", "市一级", "县一级", "其他"),
    checks=tuple(
        rule for row in "123" for rule in (f"A{row} = C{row} + D{row} + E{row} + F{row}", f"A{row} >= B{row}")
    ),
    row_records={"1": ORGANIZATION},
    unrecorded={
        "5": _(
            "Not recorded in the registry: it keeps no member's living conditions (visits for hardship are "
            "kept by keeping in touch, and say nothing of who lives in hardship)."
        )
    },
)

T15 = Layout(
    id="T15",
    title="预备党员转正情况",
    unit="人",
    rows=_rows("总计"),
    columns=_columns(
        "预备期满的党员",
        "已经上级审批 合计",
        "按期转为正式党员",
        "延长预备期后转正",
        "推迟讨论后转正",
        "延长预备期",
        "取消预备党员资格",
        "尚未讨论或审批",
        "预备期未满被取消资格",
    ),
    checks=("A = B + H", "B = C + D + E + F + G"),
)

T16 = Layout(
    id="T16",
    title="发展党员情况",
    unit="人",
    rows=POST_ROWS,
    columns=_columns(
        "总数",
        "女",
        "少数民族",
        "25岁及以下",
        "26至30岁",
        "31至35岁",
        "36至40岁",
        "41至59岁",
        "60岁及以上",
        *EDUCATION_COLUMNS,
    ),
    checks=(_sum("A", "D", "I"), _sum("A", "J", "O"), "T1 3 = T16 A1"),
)

T24 = Layout(
    id="T24",
    title="基层组织数量和换届情况",
    unit="个",
    rows=_rows("党的基层组织数", "任届期满的", "其中：本年换届的", "非公有经济控制企业", "社会组织", "其他"),
    columns=_columns("总数", "党委", "总支部", "支部"),
    checks=("A = B + C + D", "1 = 4 + 5 + 6", "2 >= 3"),
    record=ORGANIZATION,
)

# T-C: the member enterprises (row 1) and the chambers (row 2) as legal units (法人单位) [STATISTICS.md T-C].
T_C = Layout(
    id="T-C",
    title="法人单位建立党组织情况",
    unit="个",
    rows=_rows("会员企业", "商会"),
    columns=_columns(
        "单位数",
        "已单独建立党组织的",
        "其中：党委",
        "总支部",
        "支部",
        "已建立联合党支部覆盖的",
        "其中：有3名以上党员的",
        "联合党支部数",
        "未建立党组织的",
        "其中：应建尚未建立的",
        "仅有个别党员的",
        "没有党员的",
    ),
    checks=("A1 = B1 + F1 + I1", "B1 = C1 + D1 + E1", "I1 = J1 + K1 + L1", "A2 = B2 + F2 + I2", "I2 = J2 + K2 + L2"),
    record=ENTERPRISE,
    row_records={"2": CHAMBER},
    column_records={"H": ORGANIZATION},
)

# T-F: mobile members (流动党员) *(our layout: the official form's columns were not available)*.
T_F = Layout(
    id="T-F",
    title="流动党员情况",
    unit="人",
    rows=_rows(
        "流入党员（组织关系在外地）",
        "其中：失去联系的",
        "流出党员（本组织管理、在外工作）",
        "其中：持流动党员活动证的",
        "失去联系的",
        "失去联系的党员",
        "其中：失联6个月以上的",
        "本年找回的",
        "本年停止党籍的",
    ),
    columns=_columns("人数"),
    checks=("1 >= 2", "3 >= 4", "3 >= 5", "6 >= 7", "T-F 9 = T1 11"),
)

# T-F2: T-F's inflow by the province of the home organization (the member's origin address, else the home
# organization's name) and outflow by the province they flowed out to (the flow-out's place) *(ours)*. A place
# that names no province is counted in the last row, never guessed (registry/statistics/places.py).
_PROVINCE_ROWS = _rows(*PROVINCES, first=2)
_UNREAD_ROW = str(len(PROVINCES) + 2)
T_F2 = Layout(
    id="T-F2",
    title="流动党员按省（区、市）分布",
    unit="人",
    rows=(("1", "合计"), *_PROVINCE_ROWS, (_UNREAD_ROW, "地点未能识别")),
    columns=_columns("流入党员（组织关系所在省）", "流出党员（流出地所在省）"),
    checks=(
        "1 = " + " + ".join(row for row, _label in (*_PROVINCE_ROWS, (_UNREAD_ROW, ""))),
        "B1 = " + " + ".join(f"B{row}" for row, _label in (*_PROVINCE_ROWS, (_UNREAD_ROW, ""))),
        "T-F2 A1 = T-F 1",
        "T-F2 B1 = T-F 3",
    ),
)

LAYOUTS = (T1, T2, T3, T4, T8, T10, T12, T14, T15, T16, T24, T_C, T_F, T_F2)
BY_ID = {layout.id: layout for layout in LAYOUTS}
