"""Party members (党员), keyed by the citizen ID number.

Built for 100,000-row rosters: rows are compared with the registry in chunks (one query per
chunk, never one per row), new members are kept as plain tuples until they are written, and
writes go in batches with their history rows. The rules between fields are Member.clean()'s own
(its clean_between_fields: the ID number is checked once, when read), run on an unsaved instance,
so the member form and the import cannot disagree.
"""

import contextlib
import json
import operator

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches import clock, pinyin
from branches.models import Enterprise, Organization
from registry.dues import services as dues_services
from registry.idnumbers import birth_date_from_id, gender_from_id
from registry.imports.values import NOT_YET_MEMBERS, ethnicity_parser, id_number_parser, phone_parser
from registry.members import post_categories
from registry.models import DuesEntry, Education, Gender, Member
from registry.movements import services as movement_services
from spreadsheets import fastwrite
from spreadsheets.dates import DAY, MONTH, PartialDate
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.result import FieldChange
from spreadsheets.table import Column
from spreadsheets.values import (
    choice_parser,
    date_parser,
    format_value,
    partial_date_parser,
    person_name_parser,
    reference_parser,
    text_parser,
)

CHUNK = 5000
RESTORE = "__restore__"  # a row's data: a former member brought back onto the roster
WRITE_BATCH = 2000


def _max(field: str) -> int:
    return Member._meta.get_field(field).max_length


def _choice(words: dict[str, str], hints: dict | None = None):
    """`words`: every accepted spelling → stored value; the first spelling of a value is canonical;
    `hints`: refused words → the sentence that says why (besides the words of those not yet members)."""
    canonical = {}
    for word, value in words.items():
        canonical.setdefault(value, word)
    return choice_parser(words, canonical, hints={**NOT_YET_MEMBERS, **(hints or {})}), canonical


GENDER_PARSE, GENDER_WORDS = _choice(
    {"男": Gender.MALE, "女": Gender.FEMALE, "男性": Gender.MALE, "女性": Gender.FEMALE}
)
EDUCATION_PARSE, EDUCATION_WORDS = _choice(
    {
        "研究生": Education.POSTGRADUATE,
        "硕士研究生": Education.POSTGRADUATE,
        "博士研究生": Education.POSTGRADUATE,
        "硕士": Education.POSTGRADUATE,
        "博士": Education.POSTGRADUATE,
        "大学本科": Education.BACHELOR,
        "本科": Education.BACHELOR,
        "大学专科": Education.COLLEGE,
        "大专": Education.COLLEGE,
        "专科": Education.COLLEGE,
        "中专": Education.TECHNICAL_SECONDARY,
        "中等专科": Education.TECHNICAL_SECONDARY,
        "高中": Education.HIGH_SCHOOL,
        "初中": Education.JUNIOR_HIGH,
        "初中及以下": Education.JUNIOR_HIGH,
        "小学": Education.PRIMARY,
        "小学及以下": Education.PRIMARY,
    }
)
STATUS_PARSE, STATUS_WORDS = _choice(
    {
        "正式党员": Member.Status.FULL,
        "正式": Member.Status.FULL,
        "预备党员": Member.Status.PROBATIONARY,
        "预备": Member.Status.PROBATIONARY,
    }
)
CATEGORY_PARSE, CATEGORY_WORDS = _choice(
    {
        "自管党员": Member.Category.SELF_MANAGED,
        "自管": Member.Category.SELF_MANAGED,
        "在册流动党员": Member.Category.REGISTERED_MOBILE,
        "流动": Member.Category.REGISTERED_MOBILE,
        "在册流动": Member.Category.REGISTERED_MOBILE,
        "流动党员": Member.Category.REGISTERED_MOBILE,
        "亮身份党员": Member.Category.SHOWN_IDENTITY,
        "亮身份": Member.Category.SHOWN_IDENTITY,
        "临时党组织党员": Member.Category.TEMPORARY,
        "临时": Member.Category.TEMPORARY,
    }
)
# 工作岗位: the words of registry/members/post_categories.py; a name that stands under both groups,
# unprefixed, is refused with a hint.


def _which_group(name: str) -> str:
    return _(
        "This name stands under both 公有制单位 and 非公有制单位 in the statistics: write it with its group, "
        "e.g. 非公有制单位%(name)s."
    ) % {"name": name.removeprefix("其中：")}


POST_CATEGORY_PARSE, POST_CATEGORY_WORDS = _choice(
    post_categories.SPREADSHEET_WORDS,
    hints={name: lazy(_which_group, str)(name) for name in post_categories.UNDER_BOTH_GROUPS},
)

COLUMNS = (
    Column("name", "姓名", ("名字", "党员姓名"), person_name_parser(_max("name")), required=True, memo=False),
    Column("gender", "性别", (), GENDER_PARSE, canonical=GENDER_WORDS),
    Column("ethnicity", "民族", (), ethnicity_parser),
    Column("birth_date", "出生日期", ("出生年月",), partial_date_parser),
    Column(
        "id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, required=True, memo=False
    ),
    Column("education", "学历", ("文化程度",), EDUCATION_PARSE, canonical=EDUCATION_WORDS),
    Column("native_place", "籍贯", (), text_parser(_max("native_place"))),
    Column("joined", "入党时间", ("入党日期",), partial_date_parser, required=True),
    Column("made_full", "转正时间", ("转正日期",), partial_date_parser),
    Column("status", "党员身份", ("党员类型", "正式/预备"), STATUS_PARSE, canonical=STATUS_WORDS),
    Column("category", "管理类别", ("党员类别",), CATEGORY_PARSE, canonical=CATEGORY_WORDS),
    Column("organization", "所在党组织", ("所在支部", "党支部"), reference_parser, required=True),
    Column("enterprise", "所在企业", ("工作单位",), reference_parser),
    Column(
        "origin_organization",
        "流出党组织",
        ("组织关系所在党组织", "组织关系所在单位"),
        text_parser(_max("origin_organization")),
    ),
    Column("origin_address", "流出地址", ("户籍地址", "家庭住址"), text_parser(_max("origin_address"))),
    Column("left_home", "外出时间", ("外出日期", "流出时间"), partial_date_parser),
    Column("work_address", "务工地址", ("工作地址", "务工经商地址"), text_parser(_max("work_address"))),
    Column("occupation", "从事职业", ("职业",), text_parser(_max("occupation"))),
    Column("post_category", "工作岗位", ("岗位类别", "人员类别"), POST_CATEGORY_PARSE, canonical=POST_CATEGORY_WORDS),
    Column("phone", "联系电话", ("手机", "手机号码", "电话", "联系方式"), phone_parser, memo=False),
    Column("dues_paid_through", "党费交至", ("党费缴纳至", "党费交纳至"), partial_date_parser),
    Column("registered_on", "登记时间", ("报到时间", "加入本组织时间"), date_parser),
    Column("notes", "备注", (), text_parser(None), memo=False),
)

PARTIAL = set(Member.PARTIAL_DATES)
FOREIGN_KEYS = {"organization": "organization_id", "enterprise": "enterprise_id"}
# Required for a new member. The contract names 姓名, 公民身份号码, 入党时间 and 所在党组织; the
# category has no default in the model, so a new member needs one too.
REQUIRED_FOR_NEW = ("name", "joined", "organization", "category")
CLEAN_CODES = {
    "birth_date": "birth_date_mismatch",
    "gender": "gender_mismatch",
    "made_full": "made_full_date",
    "joined": "joined_date",
    "registered_on": "future",
}
# Not the generated columns (Member.six_knowns_met…): the database computes them, never written.
ATTNAMES = [field.attname for field in Member._meta.concrete_fields if not field.primary_key and not field.generated]
DUES_POSITION = ATTNAMES.index("dues_paid_through")
DEFAULTS = {field.attname: field.get_default() for field in Member._meta.concrete_fields if not field.generated}
NEW_ROW = operator.itemgetter(*ATTNAMES)  # a new member's values, in ATTNAMES order


def _instance(values: dict) -> Member:
    """An unsaved Member without Model.__init__'s cost (40 µs a row on 100,000 rows)."""
    member = Member.__new__(Member)
    member.__dict__.update(values)
    member._state = ModelState()
    return member


def existing_members(numbers: list[str], fields: list[str]):
    """The registry's members with these ID numbers, in one query with one parameter: Django's
    `__in` with 5,000 values prepares each of them (a second per 100,000 rows)."""
    if connection.vendor == "postgresql":
        numbers = RawSQL("SELECT unnest(%s::varchar[])", [numbers])
    elif connection.vendor == "sqlite":
        numbers = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(numbers)])
    return Member.all_members.filter(id_number__in=numbers).order_by().values(*fields)


class MemberImporter(Importer):
    kind = "members"
    kind_label = gettext_lazy("party members")
    help_text = "the roster of party members, keyed by 公民身份号码"
    sheet_name = "党员"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True
    streamed = True  # each row checked on its own: CHUNK rows at a time, never all held
    chunk_rows = CHUNK

    def prepare(self) -> None:
        self.today = clock.today()  # a new member's 登记时间 when the file gives none
        self.organizations = dict(Organization.objects.values_list("name", "id"))
        self.organization_names = {pk: name for name, pk in self.organizations.items()}
        self.enterprises = dict(Enterprise.objects.values_list("name", "id"))
        self.enterprise_names = {pk: name for name, pk in self.enterprises.items()}
        mapped = [column.field for _index, column in self.table.columns]
        self.mapped = mapped
        self.plan = [
            (self.position[field], field, FOREIGN_KEYS.get(field), f"{field}_precision" if field in PARTIAL else None)
            for field in mapped
        ]
        compared = [FOREIGN_KEYS.get(field, field) for field in mapped]
        compared += [f"{field}_precision" for field in mapped if field in PARTIAL]
        # Member.clean() needs these whatever the file holds.
        self.loaded = sorted(
            set(compared)
            | {
                "id",
                "id_number",
                "organization_id",
                "gender",
                "birth_date",
                "birth_date_precision",
                "status",
                "joined",
                "joined_precision",
                "made_full",
                "made_full_precision",
                "left_on",
                "registered_on",
            }
        )

    def resolve(self, rows: list[ParsedRow]) -> None:
        id_position = self.position["id_number"]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            numbers = [row.values[id_position] for row in chunk if row.values[id_position]]
            existing = {values["id_number"]: values for values in existing_members(numbers, self.loaded)}
            for row in chunk:
                self.resolve_row(row, existing.get(row.values[id_position]))

    def resolve_row(self, row: ParsedRow, existing: dict | None) -> None:
        values = row.values
        given = {}
        for position, field, attname, precision in self.plan:
            value = values[position]
            if value is None:
                continue
            if precision is not None:
                given[field] = value[0]
                given[precision] = value[1]
            elif attname is not None:
                value = self.reference(row, field, value)
                if value is not None:
                    given[attname] = value
            else:
                given[field] = value
        if "dues_paid_through" in given:
            # 党费交至 is a month of the dues ledger, kept as a declared entry (docs/lifecycle.md#dues-paid-through).
            given["dues_paid_through"] = given["dues_paid_through"].replace(day=1)
            given["dues_paid_through_precision"] = MONTH
            current = existing["dues_paid_through"] if existing is not None else None
            if current is not None and given["dues_paid_through"] <= current:
                # The ledger already holds this month or a later one: the roster says nothing
                # new (paid through 2026-02 is true of a member paid through 2026-09), so the
                # same file imported again after payments is unchanged, not refused.
                del given["dues_paid_through"], given["dues_paid_through_precision"]
        if values[self.position["id_number"]] is None:
            if not self.has_error(row, "id_number"):
                self.add_error(
                    row,
                    "id_number",
                    _("%(column)s is empty. Every member is identified by the 18-character citizen ID number.")
                    % {"column": self.label("id_number")},
                    "required",
                    value="",
                )
            return
        if existing is None:
            self.check_required(row, REQUIRED_FOR_NEW)
        if self.scope_ids is not None:
            self.check_scope(row, given, existing)
        if row.errors:
            return
        # A new member without 登记时间 is registered today, set after clean(): today is not in the
        # future, and asking the clock for it was a tenth of the rows' checking.
        merged = {**DEFAULTS, **existing, **given} if existing else {**DEFAULTS, "registered_on": None, **given}
        self.fill_from_id_number(merged, given)
        member = _instance(merged)
        try:
            member.clean_between_fields(id_is_valid=True, today=self.today)  # id_number_parser checked it
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                column_field = (
                    field if field in self.position and values[self.position[field]] is not None else "id_number"
                )
                # A rule that names its own code (joined_under_18) keeps it; the others are coded by field.
                code = next((each.code for each in errors if each.code), None) or CLEAN_CODES.get(field, "invalid")
                self.add_error(
                    row, column_field, " ".join(message for each in errors for message in each.messages), code
                )
            return
        if existing is None:
            if merged["registered_on"] is None:
                merged["registered_on"] = self.today
            # The name's pinyin keys: the fast writer inserts rows as they are, past Member.save().
            merged.update(pinyin.name_keys(merged["name"]))
            row.status = NEW
            row.data = NEW_ROW(merged)
            return
        row.target = existing["id"]
        changed = {attname: value for attname, value in given.items() if existing.get(attname) != value}
        if existing["left_on"] is not None:
            self.restore(row, existing, changed, given.get("registered_on") or self.today)
            return
        if changed:
            row.status = UPDATED
            row.data = changed
            row.changes = self.describe(existing, changed)
        else:
            row.status = UNCHANGED

    def reference(self, row: ParsedRow, field: str, name: str):
        lookup = self.organizations if field == "organization" else self.enterprises
        pk = lookup.get(name)
        if pk is None:
            if field == "organization":
                message = _(
                    "There is no party organization named “%(name)s” in the registry. Check the name (it must "
                    "match exactly) or import the organization first."
                )
            else:
                message = _(
                    "There is no member enterprise named “%(name)s” in the registry. Check the name (it must "
                    "match exactly) or import the enterprise first."
                )
            self.add_error(row, field, message % {"name": name}, "reference_unknown")
        return pk

    def restore(self, row: ParsedRow, existing: dict, changed: dict, registered_on) -> None:
        """A former member's ID number on the roster again: the same record, restored — an arrival
        dated by the row's 登记时间, or today (docs/lifecycle.md#former-members)."""
        if registered_on < existing["left_on"]:
            self.add_error(
                row,
                "registered_on" if self.value(row, "registered_on") else "id_number",
                _(
                    "This ID number belongs to a former member, who left the roster on %(left)s: they can come "
                    "back onto the roster on or after that day (登记时间), not on %(date)s."
                )
                % {"left": existing["left_on"].isoformat(), "date": registered_on.isoformat()},
                "before_left",
            )
            return
        changed = {**changed, "registered_on": registered_on}
        row.status = UPDATED
        row.data = {RESTORE: True, **changed}
        row.changes = (
            FieldChange(
                "left_on", str(Member._meta.get_field("left_on").verbose_name), existing["left_on"].isoformat(), ""
            ),
        ) + self.describe(existing, changed)

    def check_scope(self, row: ParsedRow, given: dict, existing: dict | None) -> None:
        organization_id = given.get("organization_id")
        if organization_id is not None and organization_id not in self.scope_ids:
            self.add_error(
                row,
                "organization",
                _(
                    "“%(name)s” is not one of the organizations you keep: you can import members only into "
                    "your own organization and those below it."
                )
                % {"name": self.organization_names[organization_id]},
                "scope",
            )
        if existing is not None and existing["organization_id"] not in self.scope_ids:
            self.add_error(
                row,
                "id_number",
                _(
                    "This ID number belongs to a member of an organization you do not keep. Ask the committee "
                    "office to transfer the member first."
                ),
                "scope",
            )

    @staticmethod
    def fill_from_id_number(merged: dict, given: dict) -> None:
        """Birth date and gender, where missing, come from the ID number (docs/spreadsheets.md#id-numbers)."""
        number = merged["id_number"]
        if merged.get("birth_date") is None:
            merged["birth_date"], merged["birth_date_precision"] = birth_date_from_id(number), DAY
            given["birth_date"], given["birth_date_precision"] = merged["birth_date"], DAY
        if not merged.get("gender"):
            merged["gender"] = given["gender"] = gender_from_id(number)

    def describe(self, before: dict, changed: dict) -> tuple:
        changes = []
        for attname in changed:
            if attname.endswith("_precision"):
                field = attname.removesuffix("_precision")
                if field in changed:
                    continue  # shown with its date
            else:
                field = {"organization_id": "organization", "enterprise_id": "enterprise"}.get(attname, attname)
            old, new = self.logical(before, field), self.logical({**before, **changed}, field)
            changes.append(FieldChange(field, self.header(field), old, new))
        return tuple(changes)

    def logical(self, values: dict, field: str) -> str:
        if field in PARTIAL:
            date = values.get(field)
            return format_value(PartialDate(date, values.get(f"{field}_precision") or DAY)) if date else ""
        if field == "organization_id" or field == "organization":
            return self.organization_names.get(values.get("organization_id"), "")
        if field == "enterprise_id" or field == "enterprise":
            return self.enterprise_names.get(values.get("enterprise_id"), "")
        return self.display(field, values.get(field))

    def header(self, field: str) -> str:
        return super().header({"organization_id": "organization", "enterprise_id": "enterprise"}.get(field, field))

    # --- writing --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self, rows_hint: int | None):
        """A roster that is most of the registry's is loaded with the plain indexes of the members,
        the dues entries and their histories built once after the last chunk (indexes_built_after)."""
        with contextlib.ExitStack() as stack:
            for model in (Member, Member.history.model, DuesEntry, DuesEntry.history.model):
                stack.enter_context(fastwrite.indexes_built_after(model, rows_hint or 0))
            yield

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        new = [row.data for row in rows if row.status == NEW]
        # 党费交至 given with the roster: a declared entry of each member's dues ledger, written
        # below in bulk, in this same transaction (docs/lifecycle.md#dues-paid-through).
        declared = []
        if new and fastwrite.supported():
            ids = fastwrite.insert_with_history(Member, ATTNAMES, new, actor=self.actor, reason=reason)
            declared += [
                (pk, data[DUES_POSITION]) for pk, data in zip(ids, new, strict=True) if data[DUES_POSITION] is not None
            ]
            self.progress("write", len(new), len(new))
            new = []
        for start in range(0, len(new), WRITE_BATCH):
            batch = [
                _instance({"id": None, **dict(zip(ATTNAMES, data, strict=True))})
                for data in new[start : start + WRITE_BATCH]
            ]
            created = bulk_create_with_history(
                batch, Member, batch_size=WRITE_BATCH, default_user=self.actor, default_change_reason=reason
            )
            declared += [(member.pk, member.dues_paid_through) for member in created if member.dues_paid_through]
            self.progress("write", start + len(batch), len(new))
        for row in rows:
            if row.status == UPDATED and RESTORE in row.data:
                data = {attname: value for attname, value in row.data.items() if attname != RESTORE}
                registered_on = data.pop("registered_on")
                movement_services.member_restore(
                    member=Member.all_members.get(pk=row.target),
                    registered_on=registered_on,
                    data=data,
                    actor=self.actor,
                )
        declared += [
            (row.target, row.data["dues_paid_through"])
            for row in rows
            if row.status == UPDATED and row.data.get("dues_paid_through") is not None
        ]
        updated = [row for row in rows if row.status == UPDATED and RESTORE not in row.data]
        for start in range(0, len(updated), WRITE_BATCH):
            chunk = updated[start : start + WRITE_BATCH]
            members = Member.objects.in_bulk([row.target for row in chunk])
            fields = set()
            for row in chunk:
                member = members[row.target]
                for attname, value in row.data.items():
                    setattr(member, attname, value)
                fields.update(row.data)
            bulk_update_with_history(
                list(members.values()),
                Member,
                sorted(fields),
                batch_size=500,
                default_user=self.actor,
                default_change_reason=reason,
            )
        dues_services.declared_entries_insert(pairs=declared, actor=self.actor, reason=reason)
