"""The `appraisal` spreadsheet kind (docs/spreadsheets.md#appraisal-columns): the results of the annual
appraisal (民主评议党员) as secretaries keep them — 姓名, 公民身份号码, 年度, 评议等次, 组织处置, and
改正期限 for 限期改正; optionally 党组织 (the branch that held the round: by default the member's
own, their branch for a party group's member) and the votes received per grade. One row per member
and year, keyed by 公民身份号码 and 年度: the same row again is unchanged, an empty cell erases nothing.

Under the import rules of every kind (all or nothing unless --skip-invalid, an error workbook, a
blank template). A round that is not there yet is made, without its days (the round's page records
them). The rules are the grading page's (registry/appraisal/rules.py): at most a third 优秀 of the
full members taking part in a round (the file's rows and the round's results together), no grade for
a probationary member, an outcome only for 不合格, a departure only for a member whose membership is
held here and only in a round whose decision day is recorded (or for a member who already left by it).

Error codes (besides the pipeline's): required, year, choice, duplicate, unknown_id, name_mismatch,
unknown_org, scope, organization_cannot_appraise, not_member_of_organization, future_year,
probationary_graded, excellent_over_third, outcome_without_unqualified, deadline_required,
deadline_without_correction, deadline_before_decision, not_held_here, decision_day_required,
left_otherwise, departure_recorded.
"""

import re
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.appraisal import rules, selectors, services
from registry.imports.values import id_number_parser
from registry.members.imports import existing_members
from registry.models import AppraisalResult, AppraisalRound, Member
from spreadsheets.errors import CellError
from spreadsheets.importer import NEW, UPDATED, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import cell_text, choice_parser, date_parser, folded, person_name_parser, reference_parser

Grade, Outcome = AppraisalResult.Grade, AppraisalResult.Outcome
GRADE_CANONICAL = {
    Grade.EXCELLENT: "优秀",
    Grade.QUALIFIED: "合格",
    Grade.BASICALLY_QUALIFIED: "基本合格",
    Grade.UNQUALIFIED: "不合格",
}
GRADE_WORDS = {
    **{word: grade for grade, word in GRADE_CANONICAL.items()},
    "优秀党员": Grade.EXCELLENT,
    "合格党员": Grade.QUALIFIED,
    "基本合格党员": Grade.BASICALLY_QUALIFIED,
    "不合格党员": Grade.UNQUALIFIED,
}
OUTCOME_CANONICAL = {
    Outcome.CORRECTION: "限期改正",
    Outcome.PERSUADED: "劝退",
    Outcome.PERSUASION_REFUSED: "劝而不退除名",
    Outcome.LAPSED: "自行脱党除名",
}
OUTCOME_WORDS = {
    **{word: outcome for outcome, word in OUTCOME_CANONICAL.items()},
    "劝其退党": Outcome.PERSUADED,
    "劝退除名": Outcome.PERSUASION_REFUSED,
    "劝而不退予以除名": Outcome.PERSUASION_REFUSED,
    "自行脱党": Outcome.LAPSED,
    "自行脱党予以除名": Outcome.LAPSED,
}
_YEAR = re.compile(r"^(\d{4})(年度?)?$")


def year_parser(raw) -> int:
    """年度 as a number: 2025, 2025.0, ２０２５, 2025年, 2025年度."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1900 <= raw <= 2100:
            return int(raw)
    else:
        match = _YEAR.match(re.sub(r"\s+", "", folded(raw)))
        if match and 1900 <= int(match[1]) <= 2100:
            return int(match[1])
    raise CellError(
        _("“%(value)s” is not a year. Write the year appraised as a number, such as 2025.") % {"value": cell_text(raw)},
        code="year",
    )


def votes_parser(raw) -> int:
    """A number of votes: a whole number from 0 (3, 3.0, ３, 3票)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 0 <= raw <= 32767:
            return int(raw)
    else:
        match = re.match(r"^(\d{1,5})票?$", re.sub(r"\s+", "", folded(raw)))
        if match and int(match[1]) <= 32767:
            return int(match[1])
    raise CellError(
        _("“%(value)s” is not a number of votes. Write a whole number such as 12.") % {"value": cell_text(raw)},
        code="number",
    )


VOTE_COLUMNS = (
    Column("votes_excellent", "优秀票", ("优秀票数",), votes_parser),
    Column("votes_qualified", "合格票", ("合格票数",), votes_parser),
    Column("votes_basically_qualified", "基本合格票", ("基本合格票数",), votes_parser),
    Column("votes_unqualified", "不合格票", ("不合格票数",), votes_parser),
)
COLUMNS = (
    Column(
        "name", "姓名", ("名字", "党员姓名"), person_name_parser(Member._meta.get_field("name").max_length), memo=False
    ),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, memo=False),
    Column("year", "年度", ("评议年度", "年份"), year_parser, required=True),
    Column(
        "grade",
        "评议等次",
        ("等次", "评议结果", "评定等次"),
        choice_parser(GRADE_WORDS, GRADE_CANONICAL),
        canonical=GRADE_CANONICAL,
    ),
    Column(
        "outcome",
        "组织处置",
        ("处置", "处置方式", "组织处理"),
        choice_parser(OUTCOME_WORDS, OUTCOME_CANONICAL),
        canonical=OUTCOME_CANONICAL,
    ),
    Column("correction_deadline", "改正期限", ("限期", "整改期限"), date_parser),
    Column("organization", "党组织", ("党组织名称", "所在党组织", "党支部"), reference_parser),
    *VOTE_COLUMNS,
)
GIVEN_FIELDS = ("grade", "outcome", "correction_deadline", *(column.field for column in VOTE_COLUMNS))


class AppraisalImporter(Importer):
    kind = "appraisal"
    kind_label = gettext_lazy("appraisal of members")
    help_text = (
        "the annual appraisal's results (民主评议党员): 姓名, 公民身份号码, 年度, 评议等次, 组织处置, 改正期限 "
        "(for 限期改正); keyed by 公民身份号码 and 年度"
    )
    sheet_name = "民主评议"
    template_name = "民主评议党员"
    columns = COLUMNS
    key_fields = ("id_number",)  # with 年度 (check_duplicates)
    label_field = "name"
    secretary_may_run = True

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        first: dict = {}
        for row in rows:
            key = (self.value(row, "id_number"), self.value(row, "year"))
            if None in key:
                continue
            earlier = first.setdefault(key, row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "id_number",
                    _(
                        "Row %(row)d already has this member's result of this year. A member has one result a year: "
                        "merge the two rows or delete one."
                    )
                    % {"row": earlier},
                    "duplicate",
                )

    # --- reading the registry ---------------------------------------------------------------------

    def load(self, rows: list[ParsedRow]) -> None:
        self.today = clock.today()
        numbers = sorted({self.value(row, "id_number") for row in rows} - {None})
        self.members = {
            member.id_number: member
            for member in Member.all_members.filter(
                pk__in=[values["id"] for values in existing_members(numbers, ["id"])]
            ).select_related("organization")
        }
        names = {self.value(row, "organization") for row in rows} - {None}
        parent_ids = {
            member.organization.parent_id
            for member in self.members.values()
            if member.organization.level == Organization.Level.PARTY_GROUP
        }
        self.organizations = {
            organization.pk: organization
            for organization in Organization.objects.filter(name__in=names)
            | Organization.objects.filter(pk__in=parent_ids)
        }
        self.by_name = {organization.name: organization for organization in self.organizations.values()}
        years = {self.value(row, "year") for row in rows} - {None}
        organization_ids = set(self.organizations) | {member.organization_id for member in self.members.values()}
        self.rounds = {
            (appraisal_round.organization_id, appraisal_round.year): appraisal_round
            for appraisal_round in AppraisalRound.objects.filter(organization_id__in=organization_ids, year__in=years)
        }
        self.results = defaultdict(dict)  # round id → member id → result
        for result in AppraisalResult.objects.filter(appraisal_round__in=list(self.rounds.values())).select_related(
            "member"
        ):
            self.results[result.appraisal_round_id][result.member_id] = result

    def home_of(self, member: Member) -> Organization:
        """The organization whose round appraises `member` by default: their own, or a party group's branch."""
        if member.organization.level == Organization.Level.PARTY_GROUP and member.organization.parent_id:
            return self.organizations.get(member.organization.parent_id, member.organization)
        return member.organization

    # --- each row ---------------------------------------------------------------------------------

    def member_of(self, row: ParsedRow) -> Member | None:
        self.check_required(row, ("name", "id_number", "year"))
        if row.errors:
            return None
        member = self.members.get(self.value(row, "id_number"))
        if member is None:
            self.add_error(
                row,
                "id_number",
                _("No member with this ID number is in the registry. Check the number, or add the member first."),
                "unknown_id",
            )
            return None
        if self.refused_out_of_scope(row, member.organization_id):
            return None
        if member.name != self.value(row, "name"):
            self.add_error(
                row,
                "name",
                _("The registry has this ID number under the name %(name)s. Check the name or the number.")
                % {"name": member.name},
                "name_mismatch",
            )
            return None
        return member

    def organization_of(self, row: ParsedRow, member: Member) -> Organization | None:
        """The round's organization: the one the row names (the member must be of it), else the member's."""
        name = self.value(row, "organization")
        if name is None:
            organization = self.home_of(member)
            if self.scope_ids is not None and organization.pk not in self.scope_ids:
                self.not_member(row, "id_number", member, _("the organizations you keep"))
                return None
            return organization
        organization = self.by_name.get(name)
        if organization is None:
            self.add_error(
                row,
                "organization",
                _(
                    "There is no party organization named “%(name)s” in the registry. Check the name (it must match "
                    "exactly) or import the organization first."
                )
                % {"name": name},
                "unknown_org",
            )
            return None
        if self.scope_ids is not None and organization.pk not in self.scope_ids:
            self.add_error(
                row,
                "organization",
                _("“%(name)s” is not one of the organizations you keep: import only your own and those below it.")
                % {"name": name},
                "scope",
            )
            return None
        if organization.level == Organization.Level.PARTY_GROUP:
            self.add_error(
                row,
                "organization",
                _("A party group's members are appraised in their branch: write the branch."),
                "organization_cannot_appraise",
            )
            return None
        if organization.pk != self.home_of(member).pk and organization.pk != member.organization_id:
            self.not_member(row, "organization", member, name)
            return None
        return organization

    def not_member(self, row: ParsedRow, field: str, member: Member, where) -> None:
        self.add_error(
            row,
            field,
            _(
                "%(name)s is a member of %(organization)s, not of %(where)s: a member is appraised in their own "
                "branch (a party group's member in its branch)."
            )
            % {"name": member.name, "organization": member.organization.name, "where": where},
            "not_member_of_organization",
        )

    def resolve(self, rows: list[ParsedRow]) -> None:
        self.load(rows)
        checked = []
        for index, row in enumerate(rows):
            found = self.resolve_row(row)
            if found is not None:
                checked.append(found)
            if index % 500 == 0:
                self.progress("validate", index, len(rows))
        self.check_cap(checked)

    def resolve_row(self, row: ParsedRow):
        member = self.member_of(row)
        if member is None:
            return None
        organization = self.organization_of(row, member)
        if organization is None:
            return None
        year = self.value(row, "year")
        if year > self.today.year:
            self.add_error(
                row, "year", _("The appraisal of %(year)d cannot be held yet.") % {"year": year}, "future_year"
            )
            return None
        appraisal_round = self.rounds.get((organization.pk, year))
        existing = self.results[appraisal_round.pk].get(member.pk) if appraisal_round else None
        given = {field: self.value(row, field) for field in GIVEN_FIELDS if self.value(row, field) is not None}
        if existing is not None:  # an empty cell erases nothing
            values = {field: given.get(field, getattr(existing, field)) for field in services.RESULT_FIELDS}
            if "outcome" in given and given["outcome"] != Outcome.CORRECTION and "correction_deadline" not in given:
                values["correction_deadline"] = None  # a departure replaces a correction: its deadline goes
        else:
            values = {field: given.get(field, "" if field in ("grade", "outcome") else None) for field in GIVEN_FIELDS}
        decided_on = appraisal_round.decided_on if appraisal_round else None
        day = rules.round_day(year=year, decided_on=decided_on, today=self.today)
        person = selectors.person_of(member, day)
        refusals = rules.result_refusals(
            person,
            grade=values["grade"],
            outcome=values["outcome"],
            deadline=values["correction_deadline"],
            decided_on=decided_on,
            departure_recorded=existing is not None and existing.movement_id is not None,
        )
        fixed = existing is not None and existing.movement_id is not None
        if fixed and (values["grade"], values["outcome"]) != (existing.grade, existing.outcome):
            refusals.append(
                rules.Refusal(
                    "grade",
                    "departure_recorded",
                    _("%(name)s's departure was recorded from this result: it stays as it is.") % {"name": member.name},
                )
            )
        if values["outcome"] in rules.DEPARTURES and member.left_on is not None and member.left_as != values["outcome"]:
            refusals.append(
                rules.Refusal(
                    "outcome",
                    "left_otherwise",
                    _("%(name)s left the roster on %(day)s for another reason: the outcome cannot be a departure.")
                    % {"name": member.name, "day": member.left_on.isoformat()},
                )
            )
        for refusal in refusals:
            field = {"deadline": "correction_deadline"}.get(refusal.field, refusal.field)
            self.add_error(row, field if field in self.position else "grade", refusal.message, refusal.code)
        if row.errors:
            return None
        row.data = services.ImportedResult(
            organization=organization, year=year, member=member, values=values, existing=existing
        )
        if existing is None:
            row.status = NEW
        else:
            row.target = existing.pk
            self.compare(row, {field: getattr(existing, field) for field in given}, given)
        return row, organization, year, person, values["grade"]

    def check_cap(self, checked: list) -> None:
        """At most the share of 优秀 among the full members taking part in each round: the round's results
        the file does not name, and the file's rows. When a round would be past it, every 优秀 row of that
        round in the file is refused: the file says which members to grade otherwise, and skipping them
        (--skip-invalid) leaves a round within the cap (fewer members graded never lets more be 优秀)."""
        by_round = defaultdict(list)
        for row, organization, year, person, grade in checked:
            by_round[(organization.pk, year)].append((row, person, grade))
        for (organization_id, year), entries in by_round.items():
            appraisal_round = self.rounds.get((organization_id, year))
            named = {row.data.member.pk for row, _person, _grade in entries}
            day = rules.round_day(
                year=year, decided_on=appraisal_round.decided_on if appraisal_round else None, today=self.today
            )
            kept = [
                (selectors.person_of(result.member, day), result.grade)
                for member_id, result in (self.results[appraisal_round.pk].items() if appraisal_round else ())
                if member_id not in named
            ]
            graded = [grade for person, grade in kept if not person.probationary]
            graded += [grade for _row, person, grade in entries if not person.probationary]
            refusal = rules.excellent_over_cap(excellent=graded.count(rules.EXCELLENT), graded=len(graded))
            if refusal is None:
                continue
            for row, _person, grade in entries:
                if grade == rules.EXCELLENT:
                    self.add_error(row, "grade", refusal.message, refusal.code)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        written = [row.data for row in rows if row.status in (NEW, UPDATED)]
        services.results_import(rows=written, actor=self.actor, reason=reason)
        self.progress("write", len(written), len(written))
