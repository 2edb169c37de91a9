"""The survey-count workbook: one row per organization, read by the import pipeline's reader.

Canonical headers 党组织名称, 摸排党员数, 自管党员, 在册流动党员, 预备党员, 入党积极分子 and their
aliases; the header row, title rows, totals lines, full-width digits and counts such as 3人 are
handled by the same rules as every other import (docs/spreadsheets.md#survey-counts), because the same code reads
them: registry.imports' reader, table locator and value parsers, and an Importer of its own kind.

All or nothing: one invalid row (a negative or non-numeric count, an unknown organization, one
outside a secretary's organizations, parts that add up to more than the members found) and
nothing is written; every invalid row is named with its row number, column and a sentence.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Organization
from registry.models import SurveyCount, SurveyRound
from registry.surveys import services
from spreadsheets.errors import ImportRefused
from spreadsheets.importer import NEW, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import count_parser, reference_parser

COLUMNS = (
    Column(
        "organization",
        "党组织名称",
        ("组织名称", "名称", "党组织", "所在党组织", "党支部"),
        reference_parser,
        required=True,
        memo=False,
    ),
    Column("members", "摸排党员数", ("摸排人数", "摸底党员数", "党员数", "党员人数"), count_parser, required=True),
    Column("self_managed", "自管党员", ("自管党员数", "自管"), count_parser),
    Column("registered_mobile", "在册流动党员", ("在册流动党员数", "流动党员", "流动党员数"), count_parser),
    Column("probationary", "预备党员", ("预备党员数",), count_parser),
    Column("activists", "入党积极分子", ("入党积极分子数", "积极分子", "积极分子数"), count_parser),
)
FIGURES = SurveyCount.FIGURES


class SurveyCountImporter(Importer):
    kind = "survey_counts"
    kind_label = gettext_lazy("survey counts")
    help_text = "a survey round's counts, one row per organization, imported from the round's page"
    sheet_name = "摸底排查"
    columns = COLUMNS
    key_fields = ("organization",)
    label_field = "organization"
    secretary_may_run = True
    uploadable = False

    def __init__(self, *, survey_round: SurveyRound | int, **kwargs):
        """`survey_round`: the round, or its number as the upload on its page names it (the run's options)."""
        super().__init__(**kwargs)
        if not isinstance(survey_round, SurveyRound):
            found = SurveyRound.objects.filter(pk=survey_round).first()
            if found is None:
                raise ImportRefused(
                    _("There is no survey round number %(id)s.") % {"id": survey_round}, code="unknown_round"
                )
            survey_round = found
        self.survey_round = survey_round

    def resolve(self, rows: list[ParsedRow]) -> None:
        organizations = dict(Organization.objects.values_list("name", "id"))
        existing = {
            values.pop("organization_id"): values
            for values in SurveyCount.objects.filter(survey_round=self.survey_round).values("organization_id", *FIGURES)
        }
        for row in rows:
            name = self.value(row, "organization")
            if name is None:
                self.check_required(row, ("organization",))
                continue
            pk = organizations.get(name)
            if pk is None:
                self.add_error(
                    row,
                    "organization",
                    _(
                        "There is no party organization named “%(name)s” in the registry. Check the name (it "
                        "must match exactly)."
                    )
                    % {"name": name},
                    "reference_unknown",
                )
                continue
            if self.scope_ids is not None and pk not in self.scope_ids:
                self.add_error(
                    row,
                    "organization",
                    _(
                        "“%(name)s” is outside the organizations you keep: you can enter counts only for your "
                        "own organization and those below it."
                    )
                    % {"name": name},
                    "scope",
                )
                continue
            before = existing.get(pk)
            given = {figure: self.value(row, figure) for figure in FIGURES if self.value(row, figure) is not None}
            if before is None:
                self.check_required(row, ("members",))
            self._check_parts(row, {**(before or {}), **given})
            row.data, row.target = given, pk
            if row.errors:
                continue
            if before is None:
                row.status = NEW
            else:
                self.compare(row, before, given)

    def _check_parts(self, row: ParsedRow, figures: dict) -> None:
        """The parts cannot be more than the members found (an empty cell keeps the registry's value)."""
        members = figures.get("members")
        if members is None:
            return
        parts = (figures.get("self_managed") or 0) + (figures.get("registered_mobile") or 0)
        if parts > members and not self.has_error(row, "registered_mobile"):
            self.add_error(
                row,
                "registered_mobile",
                _(
                    "Self-managed and registered mobile members together (%(parts)d) cannot be more than the "
                    "members found (%(members)d)."
                )
                % {"parts": parts, "members": members},
                "parts_exceed_total",
                value=figures.get("registered_mobile") or 0,
            )
        probationary = figures.get("probationary") or 0
        if probationary > members and not self.has_error(row, "probationary"):
            self.add_error(
                row,
                "probationary",
                _("Probationary members (%(count)d) cannot be more than the members found (%(members)d).")
                % {"count": probationary, "members": members},
                "parts_exceed_total",
                value=probationary,
            )

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        organizations = Organization.objects.in_bulk([row.target for row in rows])
        for row in rows:
            services.survey_count_save(
                survey_round=self.survey_round,
                organization=organizations[row.target],
                data=row.data,
                actor=self.actor,
                reason=reason,
            )
