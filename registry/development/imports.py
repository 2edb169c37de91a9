"""The development ledger (发展党员工作台账), keyed by the citizen ID number
(docs/spreadsheets.md#development-columns).

An imported row is history: its dates are checked for order, the one-year interval before a
development target, the age of 18, 转正时间 as the day the probation ended (admission + a year + the
延长预备期 of 6 to 12 months, if any) and who may hold candidates (not a temporary branch or a
party group); the steps around admission (political review, training, pre-review, the application
form, the branch meeting's vote, the higher committee's talk, the oath) are optional, and where
given in order, the training's hours at least 24 and the vote carried — registry.development.rules,
the same rules as the registry's own steps — not for public notices and introducers. A row with
接收预备党员时间 puts the person on the roster through the development service (probationary, or
full with 转正时间; a row with 取消预备党员资格时间 takes a probationary member off it); a person
already on the roster is refused unless the row admits them on their roster 入党时间. Ledgers are small (a committee's
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
from spreadsheets.values import (
    cell_text,
    date_parser,
    folded,
    name_list_parser,
    person_name_parser,
    reference_parser,
    text_parser,
)

DATES = (
    "applied",
    "talked",
    "activist",
    "target",
    "political_review_on",
    "training_completed_on",
    "pre_reviewed_on",
    "admitted",
    "committee_talk_on",
    "approved",
    "oath_on",
    "probation_extended_on",
    "extension_approved",
    "made_full",
    "full_decided",
    "full_approved",
    "cancelled_on",
)
NUMBERS = ("training_hours", "vote_expected", "vote_present", "vote_for")
NAME_LISTS = ("contact_persons", "introducers")


def ledger_id_number_parser(raw) -> str:
    """The roster's ID number rules (GB 11643); every refusal of the number is a `bad_id`."""
    try:
        return id_number_parser(raw)
    except CellError as error:
        raise CellError(error.message, code="bad_id") from None


MONTHS = re.compile(r"^(\d{1,2})(?:个月|个月份|月)?$")
HOURS = re.compile(r"^(\d{1,4})(?:学时|课时|小时)?$")
VOTES = re.compile(r"^(\d{1,4})(?:人|名|票|张)?$")


def _whole_number(raw, pattern: re.Pattern) -> int | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and raw >= 0:
        return int(raw)
    match = pattern.match(re.sub(r"\s+", "", folded(raw)))
    return int(match[1]) if match else None


def months_parser(raw) -> int:
    """延长预备期（月）: 6, 6.0, 6个月 are all 6 (the rule of 6 to 12 is the development rules')."""
    value = _whole_number(raw, MONTHS)
    if value is None:
        raise CellError(
            _("“%(value)s” is not a number of months. Write a whole number such as 6 or 6个月.")
            % {"value": cell_text(raw)},
            code="months",
        )
    return value


def hours_parser(raw) -> int:
    """培训学时: 24, 24.0, 24学时 are all 24 (at least 24 is the development rules')."""
    value = _whole_number(raw, HOURS)
    if value is None:
        raise CellError(
            _("“%(value)s” is not a number of class hours. Write a whole number such as 24 or 24学时.")
            % {"value": cell_text(raw)},
            code="hours",
        )
    return value


def votes_parser(raw) -> int:
    """应到表决人数, 实到表决人数, 赞成票数: 9, 9.0, 9人, 9票 are all 9 (carried or not is the rules')."""
    value = _whole_number(raw, VOTES)
    if value is None:
        raise CellError(
            _("“%(value)s” is not a number of members or votes. Write a whole number such as 9, 9人 or 9票.")
            % {"value": cell_text(raw)},
            code="count",
        )
    return value


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
    Column("political_review_on", "政治审查时间", ("政审时间", "政治审查结论时间"), date_parser),
    Column("training_completed_on", "培训结业时间", ("集中培训结业时间", "培训时间"), date_parser),
    Column("training_hours", "培训学时", ("学时", "培训课时"), hours_parser),
    Column("pre_reviewed_on", "预审时间", ("基层党委预审时间", "党委预审时间"), date_parser),
    Column(
        "application_form_number",
        "入党志愿书编号",
        ("志愿书编号", "入党志愿书号"),
        text_parser(Candidate._meta.get_field("application_form_number").max_length),
    ),
    Column("admitted", "接收预备党员时间", ("支部大会通过时间", "吸收预备党员时间"), date_parser),
    Column("vote_expected", "应到表决人数", ("应到会有表决权人数", "应到会人数", "应到人数"), votes_parser),
    Column("vote_present", "实到表决人数", ("实到会有表决权人数", "实到会人数", "实到人数"), votes_parser),
    Column("vote_for", "赞成票数", ("赞成人数", "赞成票"), votes_parser),
    Column("committee_talk_on", "上级党委谈话时间", ("党委谈话时间", "审批前谈话时间"), date_parser),
    Column("approved", "上级党委审批时间", ("审批时间",), date_parser),
    Column("oath_on", "入党宣誓时间", ("宣誓时间",), date_parser),
    Column(
        "probation_extension_months",
        "延长预备期（月）",
        ("延长预备期", "延长预备期(月)", "延长预备期月数"),
        months_parser,
    ),
    Column("probation_extended_on", "延长预备期决定时间", ("延长预备期支部大会时间",), date_parser),
    Column("extension_approved", "延长预备期审批时间", ("延长预备期批准时间",), date_parser),
    Column("made_full", "转正时间", ("预备党员转正时间",), date_parser),
    Column("full_decided", "转正决定时间", ("支部大会讨论转正时间", "转正支部大会时间"), date_parser),
    Column("full_approved", "转正审批时间", ("转正批准时间",), date_parser),
    Column("cancelled_on", "取消预备党员资格时间", ("取消预备资格时间",), date_parser),
    Column("phone", "联系电话", ("手机", "电话"), phone_parser, memo=False),
)
REQUIRED_FOR_NEW = ("name", "organization", "applied")
COMPARED = (
    "name",
    "organization_id",
    "phone",
    "probation_extension_months",
    "application_form_number",
    *DATES,
    *NUMBERS,
    *NAME_LISTS,
)


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
            for values in Member.objects.filter(id_number__in=numbers).values(
                "id", "id_number", "joined", "name", "organization_id"
            )
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
        member = self.members.get(id_number)
        if self.out_of_scope(row, existing, member):
            return  # before any comparison: nothing of the record is told (issue 20 §3)
        given = {}
        for field in ("name", "phone", "probation_extension_months", "application_form_number", *DATES, *NUMBERS):
            value = self.value(row, field)
            if value is not None and value != "":
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
            vote=(merged.get("vote_expected"), merged.get("vote_present"), merged.get("vote_for")),
            training_hours=merged.get("training_hours"),
        ):
            field = (
                refusal.field
                if refusal.field in self.position and self.value(row, refusal.field) is not None
                else "id_number"
            )
            self.add_error(row, field, refusal.message, refusal.code)
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

    def out_of_scope(self, row: ParsedRow, existing: dict | None, member: dict | None) -> bool:
        """A secretary's row whose ID number is a candidate's or a member's of an organization they
        do not keep: refused saying no more than that, before anything of the record is compared."""
        if self.scope_ids is None:
            return False
        if existing is not None and existing["organization_id"] not in self.scope_ids:
            message = _("This ID number belongs to a candidate of an organization you do not keep.")
        elif member is not None and member["organization_id"] not in self.scope_ids:
            message = _("This ID number belongs to a member of an organization you do not keep.")
        else:
            return False
        self.add_error(row, "id_number", message, "scope")
        return True

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
