"""The discipline register (党纪处分登记, docs/spreadsheets.md#discipline-columns): one row per decision,
keyed by (公民身份号码, 处分类型, 处分日期).

The same row again is unchanged; a row with another deciding organization or kind of breach corrects
them. New rows are checked by the rules of the form (registry/discipline/rules.py) and written
through the discipline service (开除党籍 takes the member off the roster, as on the page).
"""

from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from registry.discipline import rules, services
from registry.imports.values import id_number_parser
from registry.models import Discipline, Member
from spreadsheets.errors import CellError
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.result import FieldChange
from spreadsheets.table import Column
from spreadsheets.values import (
    cell_text,
    choice_parser,
    count_parser,
    date_parser,
    format_value,
    person_name_parser,
    text_parser,
)

Kind = Discipline.Kind
Breach = Discipline.Breach
KIND_CANONICAL = {
    Kind.WARNING: "警告",
    Kind.SERIOUS_WARNING: "严重警告",
    Kind.REMOVAL_FROM_POST: "撤销党内职务",
    Kind.PROBATION: "留党察看",
    Kind.EXPULSION: "开除党籍",
}
KIND_WORDS = {**{word: kind for kind, word in KIND_CANONICAL.items()}, "党内警告": Kind.WARNING}
BREACH_CANONICAL = {
    Breach.POLITICAL: "违反政治纪律",
    Breach.ORGANIZATIONAL: "违反组织纪律",
    Breach.INTEGRITY: "违反廉洁纪律",
    Breach.MASSES: "违反群众纪律",
    Breach.WORK: "违反工作纪律",
    Breach.LIFE: "违反生活纪律",
}
BREACH_WORDS = {
    **{word: breach for breach, word in BREACH_CANONICAL.items()},
    **{word[2:]: breach for breach, word in BREACH_CANONICAL.items()},  # 政治纪律 …
}
YEAR_WORDS = {"一年": 1, "二年": 2, "两年": 2}
MEMBER_FIELDS = (
    "id",
    "id_number",
    "name",
    "organization_id",
    "category",
    "joined",
    "registered_on",
    "left_on",
    "origin_organization",
)


def years_parser(raw) -> int:
    """1, 2, 1年, 一年, 两年 (docs/spreadsheets.md#counts)."""
    text = cell_text(raw).strip() if isinstance(raw, str) else raw
    if isinstance(text, str) and text in YEAR_WORDS:
        return YEAR_WORDS[text]
    try:
        return count_parser(text.replace("年", "人") if isinstance(text, str) else text)
    except CellError:
        raise CellError(
            _("“%(value)s” is not a number of years. Write 1 or 2 (or 1年, 2年).") % {"value": cell_text(raw)},
            code="years",
        ) from None


def _max(field: str) -> int:
    return Discipline._meta.get_field(field).max_length


COLUMNS = (
    Column(
        "name",
        "姓名",
        ("名字",),
        person_name_parser(Member._meta.get_field("name").max_length),
        required=True,
        memo=False,
    ),
    Column(
        "id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, required=True, memo=False
    ),
    Column(
        "kind",
        "处分类型",
        ("处分", "处分种类"),
        choice_parser(KIND_WORDS, KIND_CANONICAL),
        required=True,
        canonical=KIND_CANONICAL,
    ),
    Column("date", "处分日期", ("处分时间", "决定日期"), date_parser, required=True),
    Column(
        "deciding_organization",
        "作出处分的党组织",
        ("处分机关", "决定机关"),
        text_parser(_max("deciding_organization")),
        required=True,
    ),
    Column(
        "breach",
        "违纪类型",
        ("违纪性质",),
        choice_parser(BREACH_WORDS, BREACH_CANONICAL),
        canonical=BREACH_CANONICAL,
    ),
    Column("term_years", "期限（年）", ("期限", "察看期限"), years_parser),
)
UPDATABLE = ("deciding_organization", "breach")


class DisciplineImporter(Importer):
    kind = "discipline"
    kind_label = gettext_lazy("discipline register")
    help_text = "the discipline register (党纪处分), one row per decision, keyed by 公民身份号码, 处分类型 and 处分日期"
    sheet_name = "党纪处分"
    template_name = "党纪处分登记"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        first: dict = {}
        for row in rows:
            key = tuple(self.value(row, field) for field in ("id_number", "kind", "date"))
            if None in key:
                continue
            earlier = first.setdefault(key, row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "kind",
                    _("Row %(row)d already records this decision for this member on this day: keep one of the two.")
                    % {"row": earlier},
                    "duplicate",
                )

    def resolve(self, rows: list[ParsedRow]) -> None:
        today = clock.today()
        numbers = {self.value(row, "id_number") for row in rows} - {None}
        members = {
            values["id_number"]: values
            for values in Member.all_members.filter(id_number__in=numbers).order_by().values(*MEMBER_FIELDS)
        }
        existing = {
            (record.member_id, record.kind, record.date): record
            for record in Discipline.objects.filter(member__id_number__in=numbers)
        }
        left_in_file: dict[int, object] = {}  # an expulsion earlier in the file takes the member off the roster
        for row in sorted(rows, key=lambda row: (self.value(row, "date") or today, row.number)):
            for field in ("id_number", "name", "kind", "date", "deciding_organization"):
                if self.value(row, field) is None and not self.has_error(row, field):
                    self.check_required(row, (field,))
            if row.errors:
                continue
            values = members.get(self.value(row, "id_number"))
            if values is None:
                self.add_error(
                    row,
                    "id_number",
                    _("No member with this ID number is on the roster. Check the number."),
                    "unknown_id",
                )
                continue
            if self.refused_out_of_scope(row, values["organization_id"], code="out_of_scope"):
                continue
            if self.value(row, "name") != values["name"]:
                self.add_error(
                    row,
                    "name",
                    _("The roster has this ID number under the name %(name)s. Check the name or the number.")
                    % {"name": values["name"]},
                    "name_mismatch",
                )
                continue
            data = {column.field: self.value(row, column.field) for column in self.columns}
            key = (values["id"], data["kind"], data["date"])
            if key in existing:
                self.compare_existing(row, existing[key], data)
                continue
            member = SimpleNamespace(**values, Category=Member.Category)
            member.left_on = left_in_file.get(values["id"], member.left_on)
            member.get_category_display = lambda category=values["category"]: Member.Category(category).label
            for refusal in rules.refusals(
                member, kind=data["kind"], date=data["date"], term_years=data["term_years"], today=today
            ):
                field = refusal.field if refusal.field in self.position else "kind"
                self.add_error(row, field, refusal.message, refusal.code)
            if row.errors:
                continue
            if data["kind"] == Kind.EXPULSION:
                left_in_file[values["id"]] = data["date"]
            row.target, row.data, row.status = values["id"], data, NEW

    def compare_existing(self, row: ParsedRow, record: Discipline, data: dict) -> None:
        changes = {
            field: data[field]
            for field in UPDATABLE
            if data[field] not in (None, "") and getattr(record, field) != data[field]
        }
        row.target = record.pk
        if not changes:
            row.status = UNCHANGED
            return
        row.status, row.data = UPDATED, changes
        row.changes = tuple(
            FieldChange(
                field, self.header(field), self.display(field, getattr(record, field)), self.display(field, value)
            )
            for field, value in changes.items()
        )

    def display(self, field: str, value) -> str:
        if value is None or value == "":
            return ""
        canonical = {"kind": KIND_CANONICAL, "breach": BREACH_CANONICAL}.get(field)
        return format_value(value, canonical=canonical)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        members = Member.all_members.in_bulk([row.target for row in rows if row.status == NEW])
        records = Discipline.objects.in_bulk([row.target for row in rows if row.status == UPDATED])
        for row in sorted(rows, key=lambda row: (row.status != NEW, row.data.get("date") or 0, row.number)):
            if row.status == NEW:
                services.discipline_record(member=members[row.target], data=row.data, actor=self.actor)
            elif row.status == UPDATED:
                services.discipline_update(record=records[row.target], data=row.data, actor=self.actor, reason=reason)
