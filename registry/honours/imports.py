"""Commendations (表彰, docs/spreadsheets.md#honours-columns): one row per commendation, of a member
(姓名 + 公民身份号码) or of a party organization (党组织名称, no ID number), keyed by who, 表彰名称 and
表彰日期.

An imported commendation is an approved one, in the year of its 表彰日期: the same row again is
unchanged; a nomination recorded in the registry with the same key is approved by it and takes the
row's 表彰机关, 表彰级别 and 是否追授. The rules are the forms' (registry/honours/rules.py). A
committee's commendations are few a year: rows are compared in a handful of queries and written one
by one through the services, each with its history.

Error codes (besides the pipeline's): required, unknown_id, name_mismatch, not_in_organization,
unknown_org, scope, choice, duplicate, title_needs_member, title_needs_organization,
posthumous_organization, future_date.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.honours import rules, services
from registry.imports.values import id_number_parser
from registry.members.imports import existing_members
from registry.models import BodyLevel, Honour, Member
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.result import FieldChange
from spreadsheets.table import Column
from spreadsheets.values import choice_parser, date_parser, person_name_parser, reference_parser, text_parser

# 表彰名称: the three national titles by their names; any other words are a local title ("other").
TITLE_CANONICAL = {
    rules.EXCELLENT_MEMBER: "优秀共产党员",
    rules.EXCELLENT_PARTY_WORKER: "优秀党务工作者",
    rules.ADVANCED_ORGANIZATION: "先进基层党组织",
}
TITLE_OF = {words: title for title, words in TITLE_CANONICAL.items()}
LEVEL_CANONICAL = {
    BodyLevel.OWN: "本级",
    BodyLevel.COUNTY: "县级",
    BodyLevel.CITY: "市级",
    BodyLevel.PROVINCE: "省级",
    BodyLevel.OTHER: "其他",
}
YES_NO = {True: "是", False: "否"}


def _max(field: str) -> int:
    return Honour._meta.get_field(field).max_length


COLUMNS = (
    Column(
        "name", "姓名", ("名字", "党员姓名"), person_name_parser(Member._meta.get_field("name").max_length), memo=False
    ),
    Column("organization", "党组织名称", ("党组织", "受表彰党组织"), reference_parser),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, memo=False),
    Column("title", "表彰名称", ("荣誉称号", "表彰称号"), text_parser(_max("title_text")), required=True),
    Column("body", "表彰机关", ("表彰单位", "授予机关"), text_parser(_max("body")), required=True),
    Column(
        "body_level",
        "表彰级别",
        ("级别",),
        choice_parser({words: level for level, words in LEVEL_CANONICAL.items()}, LEVEL_CANONICAL),
        required=True,
        canonical=LEVEL_CANONICAL,
    ),
    Column("date", "表彰日期", ("表彰时间",), date_parser, required=True),
    Column(
        "posthumous",
        "是否追授",
        ("追授",),
        choice_parser({"是": True, "否": False}, YES_NO),
        canonical=YES_NO,
    ),
)
REQUIRED = ("title", "body", "body_level", "date")
COMPARED = ("body", "body_level", "posthumous", "state")
# Where a rule's refusal is shown: the column that says what the rule is about.
PROBLEM_COLUMNS = {"member": "title", "title_text": "title", "posthumous": "posthumous", "date": "date"}


def title_and_words(text: str) -> tuple[str, str]:
    """(title, the local title's words): 优秀共产党员 → (excellent_member, ""), 流动党员先进个人 → (other, …)."""
    title = TITLE_OF.get(text)
    return (title, "") if title else (rules.OTHER, text)


def title_cell(honour) -> str:
    """表彰名称 as the export writes it (and the import reads it back)."""
    return TITLE_CANONICAL.get(honour.title) or honour.title_text


class HonourImporter(Importer):
    kind = "honours"
    kind_label = gettext_lazy("commendations")
    help_text = (
        "commendations of members (姓名 + 公民身份号码) and of party organizations (党组织名称), "
        "approved, keyed by who, 表彰名称 and 表彰日期"
    )
    sheet_name = "表彰"
    columns = COLUMNS
    key_fields = ("id_number",)  # shown beside a row; the key itself is check_duplicates'
    label_field = "name"
    secretary_may_run = True

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        """The same commendation twice in a file (who, 表彰名称, 表彰日期): the second row is an error."""
        first: dict = {}
        for row in rows:
            who = self.value(row, "id_number") or self.value(row, "organization")
            key = (who, self.value(row, "title"), self.value(row, "date"))
            if None in key:
                continue
            earlier = first.setdefault(key, row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "title",
                    _(
                        "Row %(row)d already records this commendation on this day. Each commendation may "
                        "appear only once in a file: merge the two rows or delete one."
                    )
                    % {"row": earlier},
                    "duplicate",
                )

    def resolve(self, rows: list[ParsedRow]) -> None:
        self.today = clock.today()
        self.organizations = dict(Organization.objects.values_list("name", "id"))
        self.organization_names = {pk: name for name, pk in self.organizations.items()}
        numbers = sorted({self.value(row, "id_number") for row in rows} - {None})
        self.members = {
            values["id_number"]: values
            for values in existing_members(numbers, ["id", "id_number", "name", "organization_id"])
        }
        member_ids = [values["id"] for values in self.members.values()]
        organization_ids = [
            self.organizations[name]
            for name in {self.value(row, "organization") for row in rows}
            if name in self.organizations
        ]
        self.existing = {
            (
                honour.member_id or None,
                None if honour.member_id else honour.organization_id,
                honour.title,
                honour.title_text,
                honour.date,
            ): honour
            for honour in Honour.objects.filter(
                Q(member_id__in=member_ids) | Q(member__isnull=True, organization_id__in=organization_ids)
            )
        }
        for index, row in enumerate(rows):
            self.resolve_row(row)
            if index % 500 == 0:
                self.progress("validate", index, len(rows))

    def recipient(self, row: ParsedRow) -> tuple[int | None, int] | None:
        """(member id, organization id) of the row's member, or (None, organization id) of the
        organization it names; None (with the row's error) when it names neither rightly."""
        number, name, organization = (self.value(row, field) for field in ("id_number", "name", "organization"))
        if number is None and organization is None:
            if not self.has_error(row, "id_number") and not self.has_error(row, "organization"):
                self.add_error(
                    row,
                    "id_number",
                    _(
                        "Name who is commended: a member by 姓名 and 公民身份号码, or a party organization by "
                        "党组织名称 (with no ID number)."
                    ),
                    "required",
                    value="",
                )
            return None
        if number is None:
            if name is not None:
                self.add_error(
                    row,
                    "id_number",
                    _(
                        "%(column)s is empty: a member is named by 姓名 and 公民身份号码 together. For a "
                        "commendation of the organization, leave 姓名 empty."
                    )
                    % {"column": self.label("id_number")},
                    "required",
                    value="",
                )
                return None
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
                return None
            if self.scope_ids is not None and pk not in self.scope_ids:
                self.add_error(
                    row,
                    "organization",
                    _(
                        "“%(name)s” is not one of the organizations you keep: you can import commendations only "
                        "of your own organization and those below it."
                    )
                    % {"name": organization},
                    "scope",
                )
                return None
            return None, pk
        self.check_required(row, ("name",))
        if row.errors:
            return None
        member = self.members.get(number)
        if member is None:
            self.add_error(
                row,
                "id_number",
                _("No member with this ID number is in the registry. Check the number, or add the member first."),
                "unknown_id",
            )
            return None
        if self.refused_out_of_scope(row, member["organization_id"]):
            return None
        if name != member["name"]:
            self.add_error(
                row,
                "name",
                _("The registry has this ID number under the name %(name)s. Check the name or the number.")
                % {"name": member["name"]},
                "name_mismatch",
            )
            return None
        held_by = self.organization_names.get(member["organization_id"], "")
        if organization is not None and organization != held_by:
            self.add_error(
                row,
                "organization",
                _(
                    "%(member)s is a member of %(held_by)s, not of “%(name)s”. For a member's commendation, "
                    "leave 党组织名称 empty or write their own organization."
                )
                % {"member": member["name"], "held_by": held_by, "name": organization},
                "not_in_organization",
            )
            return None
        return member["id"], member["organization_id"]

    def resolve_row(self, row: ParsedRow) -> None:
        self.check_required(row, REQUIRED)
        found = self.recipient(row)
        if row.errors or found is None:
            return
        member_id, organization_id = found
        title, words = title_and_words(self.value(row, "title"))
        posthumous = self.value(row, "posthumous")
        date = self.value(row, "date")
        problems = rules.honour_problems(
            title=title,
            title_text=words,
            for_member=member_id is not None,
            posthumous=bool(posthumous),
            approved=True,
            date=date,
            today=self.today,
        )
        for problem in problems:
            self.add_error(row, PROBLEM_COLUMNS[problem.field], problem.message, problem.code)
        if problems:
            return
        key = (member_id, None if member_id else organization_id, title, words, date)
        existing = self.existing.get(key)
        if existing is not None and posthumous is None:
            posthumous = existing.posthumous  # an empty cell never erases
        row.data = services.ImportedHonour(
            organization_id=existing.organization_id if existing else organization_id,
            member_id=member_id,
            title=title,
            title_text=words,
            body=self.value(row, "body"),
            body_level=self.value(row, "body_level"),
            date=date,
            posthumous=bool(posthumous),
            existing_id=existing.pk if existing else None,
        )
        if existing is None:
            row.status = NEW
            return
        row.target = existing.pk
        before = {field: getattr(existing, field) for field in COMPARED}
        after = {"body": row.data.body, "body_level": row.data.body_level, "posthumous": row.data.posthumous}
        changes = [
            FieldChange(field, self.header(field), self.display(field, before[field]), self.display(field, value))
            for field, value in after.items()
            if before[field] != value
        ]
        if before["state"] != Honour.State.APPROVED:
            changes.append(
                FieldChange(
                    "state",
                    _("state"),
                    str(Honour.State(before["state"]).label),
                    str(Honour.State.APPROVED.label),
                )
            )
        row.changes = tuple(changes)
        row.status = UPDATED if changes else UNCHANGED

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        written = [row.data for row in rows if row.status in (NEW, UPDATED)]
        services.honours_import_write(rows=written, actor=self.actor, reason=reason)
        self.progress("write", len(written), len(written))
