"""The development ledger (发展党员工作台账), keyed by the citizen ID number
(docs/spreadsheets.md#development-columns).

An imported row is history: its dates are checked for order, the one-year interval before a
development target, the age of 18, 转正时间 as the day the probation ended (admission + a year + the
延长预备期 of 6 to 12 months, if any) and who may hold candidates (not a temporary branch or a
party group) — registry.development.rules, the same rules as the registry's own steps — not for
public notices and introducers. A row with 接收预备党员时间 puts the person on the roster through the
development service (probationary, or full with 转正时间); a person already on the roster is
refused unless the row admits them on their roster 入党时间. Ledgers are small (a committee's
candidates): rows are compared in one query each for candidates and members, and written one by one
through the service, each with its history.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.development import rules
from registry.development import services as development_services
from registry.imports.values import id_number_parser, phone_parser
from registry.models import Candidate, Member
from spreadsheets.errors import CellError
from spreadsheets.importer import NEW, UNCHANGED, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import cell_text, date_parser, folded, name_list_parser, person_name_parser, reference_parser

DATES = ("applied", "talked", "activist", "target", "admitted", "approved", "made_full")
NAME_LISTS = ("contact_persons", "introducers")


def ledger_id_number_parser(raw) -> str:
    """The roster's ID number rules (GB 11643); every refusal of the number is a `bad_id`."""
    try:
        return id_number_parser(raw)
    except CellError as error:
        raise CellError(error.message, code="bad_id") from None


MONTHS = re.compile(r"^(\d{1,2})(?:个月|个月份|月)?$")


def months_parser(raw) -> int:
    """延长预备期（月）: 6, 6.0, 6个月 are all 6 (the rule of 6 to 12 is the development rules')."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and raw >= 0:
        return int(raw)
    match = MONTHS.match(re.sub(r"\s+", "", folded(raw)))
    if match:
        return int(match[1])
    raise CellError(
        _("“%(value)s” is not a number of months. Write a whole number such as 6 or 6个月.")
        % {"value": cell_text(raw)},
        code="months",
    )


COLUMNS = (
    Column(
        "name",
        "姓名",
        ("名字",),
        person_name_parser(Candidate._meta.get_field("name").max_length),
        required=True,
        memo=False,
    ),
    Column(
        "id_number",
        "公民身份号码",
        ("身份证号", "身份证号码", "身份证"),
        ledger_id_number_parser,
        required=True,
        memo=False,
    ),
    Column("organization", "所在党组织", ("所在支部", "党支部"), reference_parser, required=True),
    Column("applied", "申请入党时间", ("递交入党申请书时间", "入党申请时间"), date_parser, required=True),
    Column("talked", "谈话时间", ("谈话日期",), date_parser),
    Column("activist", "确定积极分子时间", ("确定为入党积极分子时间", "列为积极分子时间"), date_parser),
    Column("contact_persons", "培养联系人", ("联系人",), name_list_parser),
    Column("target", "确定发展对象时间", ("确定为发展对象时间", "列为发展对象时间"), date_parser),
    Column("introducers", "入党介绍人", ("介绍人",), name_list_parser),
    Column("admitted", "接收预备党员时间", ("支部大会通过时间", "吸收预备党员时间"), date_parser),
    Column("approved", "上级党委审批时间", ("审批时间",), date_parser),
    Column(
        "probation_extension_months",
        "延长预备期（月）",
        ("延长预备期", "延长预备期(月)", "延长预备期月数"),
        months_parser,
    ),
    Column("made_full", "转正时间", ("预备党员转正时间",), date_parser),
    Column("phone", "联系电话", ("手机", "电话"), phone_parser, memo=False),
)
REQUIRED_FOR_NEW = ("name", "organization", "applied")
COMPARED = ("name", "organization_id", "phone", "probation_extension_months", *DATES, *NAME_LISTS)


class DevelopmentImporter(Importer):
    kind = "development"
    kind_label = gettext_lazy("development ledger")
    help_text = "the development ledger (发展党员工作台账), from applicant to full member, keyed by 公民身份号码"
    sheet_name = "发展党员"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True

    def resolve(self, rows: list[ParsedRow]) -> None:
        self.today = clock.today()
        organizations = list(
            Organization.objects.select_related("parent").only("id", "name", "level", "parent__name", "parent__level")
        )
        self.organizations = {organization.name: organization.pk for organization in organizations}
        self.organization_names = {organization.pk: organization.name for organization in organizations}
        self.organization_objects = {organization.pk: organization for organization in organizations}
        numbers = [row.values[self.position["id_number"]] for row in rows if row.values[self.position["id_number"]]]
        self.candidates = {
            values["id_number"]: values
            for values in Candidate.objects.filter(id_number__in=numbers).values(
                "id", "id_number", "member_id", "cancelled_on", *COMPARED
            )
        }
        self.members = {
            values["id_number"]: values
            for values in Member.objects.filter(id_number__in=numbers).values("id", "id_number", "joined", "name")
        }
        for index, row in enumerate(rows):
            self.resolve_row(row)
            if index % 500 == 0:
                self.progress("validate", index, len(rows))

    def resolve_row(self, row: ParsedRow) -> None:
        id_number = self.value(row, "id_number")
        if id_number is None:
            if not self.has_error(row, "id_number"):
                self.add_error(
                    row,
                    "id_number",
                    _("%(column)s is empty. Every candidate is identified by the 18-character citizen ID number.")
                    % {"column": self.label("id_number")},
                    "required",
                    value="",
                )
            return
        existing = self.candidates.get(id_number)
        given = {}
        for field in ("name", "phone", "probation_extension_months", *DATES):
            value = self.value(row, field)
            if value is not None:
                given[field] = value
        for field in NAME_LISTS:
            value = self.value(row, field)
            if value:
                given[field] = "、".join(value)
        organization = self.value(row, "organization")
        if organization is not None:
            pk = self.organizations.get(organization)
            if pk is None:
                self.add_error(
                    row,
                    "organization",
                    _(
                        "There is no party organization named “%(name)s” in the registry. Check the name (it "
                        "must match exactly) or import the organization first."
                    )
                    % {"name": organization},
                    "unknown_org",
                )
            else:
                given["organization_id"] = pk
                refusal = rules.holder_refusal(self.organization_objects[pk])
                if refusal:
                    self.add_error(row, "organization", refusal.message, refusal.code)
        if existing is None:
            self.check_required(row, REQUIRED_FOR_NEW)
        if self.scope_ids is not None:
            self.check_scope(row, given, existing)
        merged = {**(existing or {}), **given}
        dates = {field: merged.get(field) for field in DATES}
        for refusal in rules.history_refusals(
            dates,
            id_number=id_number,
            today=self.today,
            extension_months=merged.get("probation_extension_months"),
        ):
            field = (
                refusal.field
                if refusal.field in self.position and self.value(row, refusal.field) is not None
                else "id_number"
            )
            self.add_error(row, field, refusal.message, refusal.code)
        member = self.members.get(id_number)
        if member is not None and merged.get("admitted") != member["joined"]:
            self.add_error(
                row,
                "id_number",
                _(
                    "%(name)s is already on the roster (入党时间 %(joined)s): a member is not a candidate. "
                    "Remove the row, or give the roster's 入党时间 as 接收预备党员时间."
                )
                % {"name": member["name"], "joined": member["joined"].isoformat() if member["joined"] else "—"},
                "on_roster",
            )
        if row.errors:
            return
        row.target = (existing["id"] if existing else None, member["id"] if member else None)
        if existing is None:
            row.status = NEW
            row.data = given
            return
        changed = {field: value for field, value in given.items() if existing.get(field) != value}
        if changed:
            self.compare(
                row,
                {**existing, "organization": self.organization_names.get(existing["organization_id"])},
                {
                    ("organization" if field == "organization_id" else field): (
                        self.organization_names[value] if field == "organization_id" else value
                    )
                    for field, value in changed.items()
                },
            )
            row.data = changed
        else:
            row.status = UNCHANGED

    def check_scope(self, row: ParsedRow, given: dict, existing: dict | None) -> None:
        organization_id = given.get("organization_id")
        if organization_id is not None and organization_id not in self.scope_ids:
            self.add_error(
                row,
                "organization",
                _(
                    "“%(name)s” is not one of the organizations you keep: you can import candidates only into your own "
                    "organization and those below it."
                )
                % {"name": self.organization_names[organization_id]},
                "scope",
            )
        if existing is not None and existing["organization_id"] not in self.scope_ids:
            self.add_error(
                row,
                "id_number",
                _("This ID number belongs to a candidate of an organization you do not keep."),
                "scope",
            )

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        candidate_ids = [row.target[0] for row in rows if row.target[0]]
        member_ids = [row.target[1] for row in rows if row.target[1]]
        candidates = Candidate.objects.select_related("member").in_bulk(candidate_ids)
        members = Member.objects.in_bulk(member_ids)
        for index, row in enumerate(rows):
            candidate_id, member_id = row.target
            development_services.candidate_from_ledger(
                data={"id_number": self.value(row, "id_number"), **row.data} if candidate_id is None else row.data,
                candidate=candidates.get(candidate_id),
                member=members.get(member_id),
                actor=self.actor,
                reason=reason,
            )
            if index % 100 == 0:
                self.progress("write", index, len(rows))
