"""Dues (党费), keyed by (公民身份号码, month) (docs/spreadsheets.md#dues-columns).

A row pays for one month or a range within one year (2026年1-3月): a range's amount is split
evenly over its months, to the fen, any remainder on the last (registry.dues.rates.split).
Amounts are read as exact Decimals from the cell (registry.dues.amounts) and written as such.
Rows are compared with the ledger in chunks (one query per chunk), and written once, in bulk,
through registry.dues.services, which then sets each member's 党费交至 from the ledger.

A row may also say who pays the member's dues (在本组织交纳: 是/否 — a registered mobile member who
arranged to pay here is 是) and what is due from a month on (交纳类别, 月工资基数, 基数起始月份: the base
holds from that month, the row's first month when not given; a base the same as the one in force
then says nothing new). A row for a member who pays elsewhere is refused: the payment is recorded
where the member pays (docs/lifecycle.md#dues-who-pays). A back payment of more than 6 months is
recorded, and listed (/dues/back-payments/).

Error codes (the kinds a program or a test reads): unknown_id, not_on_roster, negative_amount,
bad_amount, too_far_ahead, before_joined, duplicate_month, range_across_years, month_format,
pays_elsewhere, temporary_pays_home, held_here_pays_here, base_required.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from registry.dues import approvals as dues_approvals
from registry.dues import months as dues_months
from registry.dues import rules as dues_rules
from registry.dues import services as dues_services
from registry.dues.amounts import AmountError, parse_amount
from registry.dues.forms import amount_message, months_message
from registry.dues.rates import split
from registry.imports.values import id_number_parser
from registry.members.imports import existing_members
from registry.models import DuesBasis, DuesEntry, Member
from spreadsheets.errors import CellError
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.result import FieldChange
from spreadsheets.table import Column
from spreadsheets.values import (
    cell_text,
    choice_parser,
    date_parser,
    format_value,
    person_name_parser,
    text_parser,
)

CHUNK = 5000


def months_parser(raw) -> tuple[datetime.date, datetime.date]:
    """(first, last): one month or a range within one year."""
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        month = raw.replace(day=1)  # a real Excel date: the month it falls in
        return month, month
    if isinstance(raw, float) and not raw.is_integer() and repr(raw).endswith(".1") and len(repr(raw)) == 6:
        raise CellError(
            _(
                "“%(value)s” may be January or October: Excel drops the final 0 of a month typed as a number. "
                "Write it as 2026-01 or 2026-10."
            )
            % {"value": repr(raw)},
            code="date_ambiguous",
        )
    text = cell_text(raw)
    if text.isdigit() and len(text) == 6:  # 202603
        text = f"{text[:4]}-{text[4:]}"
    try:
        return dues_months.parse_months(text)
    except dues_months.MonthError as error:
        raise CellError(months_message(error.code), code=error.code) from None


def amount_parser(raw) -> Decimal:
    try:
        return parse_amount(raw)
    except AmountError as error:
        raise CellError(amount_message(error.code), code=error.code) from None


def _format_months(value) -> str:
    return dues_months.format_months(*value)


def one_month_parser(raw) -> datetime.date:
    first, last = months_parser(raw)
    if first != last:
        raise CellError(_("Write one month here, such as 2026-03."), code="month_format")
    return first


YES_NO = {True: "是", False: "否"}
Kind = DuesBasis.Kind
KIND_WORDS = {  # stored kind → the word the template and the export write
    Kind.IN_WORK: "在职",
    Kind.RETIRED: "离退休",
    Kind.STUDENT: "学生",
    Kind.UNEMPLOYED: "下岗失业",
    Kind.MINIMUM_ALLOWANCE: "最低生活保障",
    Kind.RELIEF: "抚恤救济",
    Kind.FARMER: "农民",
    Kind.SELF_EMPLOYED: "个体经营",
    Kind.ANNUAL_SALARY: "年薪制",
}
KIND_SPELLINGS = {
    **{word: kind for kind, word in KIND_WORDS.items()},
    "在岗": Kind.IN_WORK,
    "在职职工": Kind.IN_WORK,
    "退休": Kind.RETIRED,
    "离休": Kind.RETIRED,
    "学生党员": Kind.STUDENT,
    "失业": Kind.UNEMPLOYED,
    "下岗": Kind.UNEMPLOYED,
    "低保": Kind.MINIMUM_ALLOWANCE,
    "依靠抚恤或救济生活": Kind.RELIEF,
    "农民党员": Kind.FARMER,
    "个体经营者": Kind.SELF_EMPLOYED,
    "个体工商户": Kind.SELF_EMPLOYED,
    "实行年薪制": Kind.ANNUAL_SALARY,
}


COLUMNS = (
    Column("name", "姓名", ("名字",), person_name_parser(50), required=True, memo=False),
    Column(
        "id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, required=True, memo=False
    ),
    Column("months", "缴纳月份", ("所属月份", "党费月份"), months_parser, required=True),
    Column("amount", "金额", ("缴纳金额", "实交金额"), amount_parser, required=True),
    Column("paid_on", "缴纳日期", ("交纳日期",), date_parser),
    Column("monthly_base", "月工资基数", ("工资基数", "计算基数"), amount_parser),
    Column("notes", "备注", (), text_parser(200), memo=False),
    Column(
        "kind",
        "交纳类别",
        ("人员类别", "党费类别", "党员类别（党费）"),
        choice_parser(KIND_SPELLINGS, KIND_WORDS),
        canonical=KIND_WORDS,
    ),
    Column("base_month", "基数起始月份", ("基数月份", "基数起始月", "起始月份"), one_month_parser),
    Column(
        "pays_here",
        "在本组织交纳",
        ("是否在本组织交纳", "在本组织交纳党费", "本组织交纳党费"),
        choice_parser({"是": True, "否": False}, YES_NO),
        canonical=YES_NO,
    ),
)
REQUIRED = ("name", "id_number", "months", "amount")
MEMBER_FIELDS = [
    "id",
    "id_number",
    "name",
    "joined",
    "organization_id",
    "category",
    "flowed_out",
    "pays_dues_here",
    "organization__level",
]


class DuesImporter(Importer):
    kind = "dues"
    kind_label = gettext_lazy("dues")
    help_text = "dues paid, a month or a range of months a row, keyed by 公民身份号码 and month"
    sheet_name = "党费"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True

    def display(self, field: str, value) -> str:
        if field == "months" and isinstance(value, tuple):
            return _format_months(value)
        return super().display(field, value)

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        """The same member and month twice in one file (also inside two ranges): the second row
        is an error naming the first."""
        id_position, months_position = self.position["id_number"], self.position["months"]
        first: dict = {}
        for row in rows:
            number, months = row.values[id_position], row.values[months_position]
            if not number or not months:
                continue
            for month in dues_months.between(*months):
                earlier = first.setdefault((number, month), row.number)
                if earlier != row.number:
                    self.add_error(
                        row,
                        "months",
                        _(
                            "Row %(row)d already pays %(month)s for this member. Each member and month may "
                            "appear only once in a file: merge the two rows or delete one."
                        )
                        % {"row": earlier, "month": dues_months.format_month(month)},
                        "duplicate_month",
                    )
                    break

    def resolve(self, rows: list[ParsedRow]) -> None:
        self.as_of = clock.today()
        id_position = self.position["id_number"]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            numbers = [row.values[id_position] for row in chunk if row.values[id_position]]
            members = {values["id_number"]: values for values in existing_members(numbers, MEMBER_FIELDS)}
            on_roster = set(
                Member.objects.filter(pk__in=[values["id"] for values in members.values()])
                .on_roster()
                .values_list("pk", flat=True)
            )
            member_ids = [values["id"] for values in members.values()]
            entries = (
                {
                    (entry.member_id, entry.month): entry
                    for entry in DuesEntry.objects.filter(member_id__in=member_ids).only(
                        "id", "member_id", "month", "amount", "paid_on", "note", "received_by_id"
                    )
                }
                if member_ids
                else {}
            )
            bases = defaultdict(list)
            if member_ids:
                for basis in DuesBasis.objects.filter(member_id__in=member_ids).order_by("month"):
                    bases[basis.member_id].append(basis)
            for row in chunk:
                self.resolve_row(row, members.get(row.values[id_position]), on_roster, entries, bases)
            self.progress("validate", min(start + CHUNK, len(rows)), len(rows))

    def resolve_row(self, row: ParsedRow, member: dict | None, on_roster: set, entries: dict, bases: dict) -> None:
        self.check_required(row, REQUIRED)
        if row.errors:
            return
        if member is None:
            self.add_error(
                row,
                "id_number",
                _(
                    "No member with this ID number is on the roster. Check the number, or add the member to "
                    "the roster first."
                ),
                "unknown_id",
            )
            return
        if self.refused_out_of_scope(row, member["organization_id"]):
            return
        if member["id"] not in on_roster:
            self.add_error(
                row,
                "id_number",
                _(
                    "This member is no longer on the roster (a former member): dues cannot be recorded for "
                    "them. Check the ID number."
                ),
                "not_on_roster",
            )
            return
        pays_here = self.value(row, "pays_here")
        facts = {
            "category": member["category"],
            "organization_level": member["organization__level"],
        }
        if refusal := dues_rules.pays_here_problem(
            name=member["name"], flowed_out=member["flowed_out"], value=pays_here, **facts
        ):
            self.add_error(row, "pays_here", refusal.message, refusal.code)
            return
        declared = member["pays_dues_here"] if pays_here is None else pays_here
        if not dues_rules.pays_here(flowed_out=member["flowed_out"], declared=declared, **facts):
            refusal = dues_rules.pays_elsewhere_refusal(name=member["name"], declared=declared, **facts)
            self.add_error(row, "id_number", refusal.message, refusal.code)
            return
        first, last = self.value(row, "months")
        covered = dues_months.between(first, last)
        for month in covered:
            if problem := dues_rules.month_problem(month, joined=member["joined"], as_of=self.as_of):
                self.add_error(row, "months", problem[1], problem[0])
                return
        amount, paid_on = self.value(row, "amount"), self.value(row, "paid_on")
        note = self.value(row, "notes") or ""
        data, changes, statuses = [], [], set()
        for month, part in zip(covered, split(amount, len(covered)), strict=True):
            entry = entries.get((member["id"], month))
            receiver = entry.received_by_id if entry is not None and entry.received_by_id else member["organization_id"]
            data.append(dues_services.EntryData(member["id"], month, part, paid_on, receiver, note))
            if entry is None:
                statuses.add(NEW)
            elif (entry.amount, entry.paid_on, entry.note) == (part, paid_on, note):
                statuses.add(UNCHANGED)
            else:
                statuses.add(UPDATED)
                before = _("declared") if entry.amount is None else format_value(entry.amount)
                changes.append(
                    FieldChange(
                        "amount",
                        self.header("amount"),
                        f"{dues_months.format_month(month)} {before}",
                        f"{dues_months.format_month(month)} {part}",
                    )
                )
        row.data = {"entries": data, "bases": {}, "pays_here": {}}
        if pays_here is not None and pays_here != member["pays_dues_here"]:
            row.data["pays_here"][member["id"]] = pays_here
            statuses.add(UPDATED if statuses - {NEW} else NEW)
            changes.append(
                FieldChange(
                    "pays_here",
                    self.header("pays_here"),
                    YES_NO.get(member["pays_dues_here"], ""),
                    YES_NO[pays_here],
                )
            )
        base, kind = self.value(row, "monthly_base"), self.value(row, "kind")
        if base is not None or kind is not None:
            start = self.value(row, "base_month") or first
            in_force = next((basis for basis in reversed(bases.get(member["id"], [])) if basis.month <= start), None)
            kind = kind or (in_force.kind if in_force else Kind.IN_WORK)
            if base is None and kind in dues_rules.BASE_KINDS and in_force is not None:
                base = in_force.monthly_base
            if found := dues_rules.basis_problems(kind=kind, monthly_base=base):
                self.add_error(row, "monthly_base", found[0].message, found[0].code)
                return
            if in_force is None or (in_force.kind, in_force.monthly_base) != (kind, base):
                row.data["bases"][(member["id"], start)] = (kind, base)
                statuses.add(UPDATED if statuses - {NEW} or in_force is not None else NEW)
                before = ""
                if in_force is not None:
                    before = f"{KIND_WORDS[in_force.kind]} {format_value(in_force.monthly_base)}"
                changes.append(
                    FieldChange(
                        "monthly_base",
                        self.header("monthly_base"),
                        before.strip(),
                        f"{dues_months.format_month(start)} {KIND_WORDS[kind]} {format_value(base)}".strip(),
                    )
                )
        row.target = member["id"]
        if statuses == {NEW}:
            row.status = NEW
        elif statuses == {UNCHANGED}:
            row.status = UNCHANGED
        else:
            row.status = UPDATED
        row.changes = tuple(changes)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        entries, bases, pays_here = [], {}, {}
        for row in rows:
            entries += row.data["entries"]
            bases.update(row.data["bases"])
            pays_here.update(row.data["pays_here"])
        dues_approvals.pays_here_write(values=pays_here, actor=self.actor, reason=reason)
        dues_services.bases_write(bases=bases, actor=self.actor, reason=reason)
        for start in range(0, len(entries), 20_000):
            dues_services.ledger_write(entries=entries[start : start + 20_000], actor=self.actor, reason=reason)
            self.progress("write", min(start + 20_000, len(entries)), len(entries))
