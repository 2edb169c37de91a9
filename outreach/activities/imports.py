"""Attendance sheets (签到表), an import kind run by the spreadsheet pipeline
(spreadsheets.pipeline.run_importer), so they follow docs/spreadsheets.md#attendance like every other import: any
of .xlsx/.xls/.ods/.csv, a title row above the table, the header row found among the first 10
rows by at least three known headers, totals lines and blank rows skipped, values cleaned by the
same parsers, every bad row named with its Excel row number, all or nothing, and an ImportResult
that the registry's import list records (with its workbook of bad rows).

A row names a member by the citizen ID number or, failing that, by name (with the phone or the
organization to tell two namesakes apart). Only members the user keeps can be named.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.activities import selectors, services
from registry.imports.values import id_number_parser, phone_parser
from registry.models import Attendance, Gathering, Member
from spreadsheets.errors import ImportRefused
from spreadsheets.importer import NEW, UNCHANGED, Importer, ParsedRow
from spreadsheets.result import SkippedLine
from spreadsheets.table import Column, Table
from spreadsheets.values import person_name_parser, text_parser

COLUMNS = (
    Column("name", "姓名", ("名字", "党员姓名"), person_name_parser(50), memo=False),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser, memo=False),
    Column("organization", "所在党组织", ("所在支部", "党支部")),
    Column("phone", "联系电话", ("手机", "手机号码", "电话", "联系方式"), phone_parser, memo=False),
    Column("signature", "签名", ("签到", "本人签字", "签字", "签到时间")),
    Column("notes", "备注", (), text_parser(200)),
)


class AttendanceImporter(Importer):
    kind = "attendance"
    kind_label = gettext_lazy("attendance sheet")
    help_text = "an activity's attendance sheet, one row per member present, imported from the activity's page"
    sheet_name = "签到表"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True
    uploadable = False

    def __init__(self, *, activity: Gathering | int, file_name: str = "", **kwargs):
        """`activity`: the activity, or its number as the upload on its page names it (the run's
        options); found again among those the actor may change, with the members they may record."""
        super().__init__(**kwargs)
        if not isinstance(activity, Gathering):
            try:
                activity = selectors.activity_to_change(self.actor, activity)
            except (Http404, PermissionDenied):
                raise ImportRefused(
                    _("There is no activity number %(id)s among the activities you keep.") % {"id": activity},
                    code="unknown_activity",
                ) from None
        self.activity = activity
        self.candidates = selectors.attendance_candidates(self.actor, activity)
        self.file_name = file_name

    def run(self, table: Table, skipped: list[SkippedLine]) -> list[ParsedRow]:
        rows = super().run(table, skipped)
        if not rows:
            raise ImportRefused(
                _("There are no rows below the header row (row %(row)d): the sheet names nobody.")
                % {"row": table.header_row},
                code="no_rows",
            )
        return rows

    def resolve(self, rows: list[ParsedRow]) -> None:
        numbers = [self.value(row, "id_number") for row in rows if self.value(row, "id_number")]
        names = [
            self.value(row, "name") for row in rows if self.value(row, "name") and not self.value(row, "id_number")
        ]
        fields = ("id", "name", "id_number", "phone", "organization__name")
        by_number = (
            {m["id_number"]: m for m in self.candidates.filter(id_number__in=numbers).values(*fields)}
            if numbers
            else {}
        )
        by_name: dict[str, list] = {}
        if names:
            for member in self.candidates.filter(name__in=set(names)).values(*fields):
                by_name.setdefault(member["name"], []).append(member)
        present = set(
            Attendance.objects.filter(gathering=self.activity, status=Attendance.Status.PRESENT).values_list(
                "member_id", flat=True
            )
        )
        first_row: dict[int, int] = {}
        for row in rows:
            if row.errors:
                continue
            member = self.find(row, by_number, by_name)
            if member is None:
                continue
            earlier = first_row.setdefault(member["id"], row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "name",
                    _(
                        "Row %(row)d already names this member. "
                        "Each member may appear only once: delete one of the two rows."
                    )
                    % {"row": earlier},
                    "duplicate",
                )
                continue
            row.target = member["id"]
            row.status = UNCHANGED if member["id"] in present else NEW

    def find(self, row: ParsedRow, by_number: dict, by_name: dict) -> dict | None:
        number, name = self.value(row, "id_number"), self.value(row, "name")
        if number:
            member = by_number.get(number)
            if member is None:
                self.add_error(
                    row,
                    "id_number",
                    _(
                        "No member with this ID number is kept by your organizations. "
                        "Check the number, or add the member to the roster first."
                    ),
                    "unknown_member",
                )
            elif name and name != member["name"]:
                self.add_error(
                    row,
                    "name",
                    _("The ID number belongs to %(name)s, not to this name. Correct one of them.")
                    % {"name": member["name"]},
                    "name_mismatch",
                )
                return None
            return member
        if not name:
            self.add_error(
                row,
                "name",
                _("%(name)s and %(number)s are both empty: fill in at least one of them.")
                % {"name": self.label("name"), "number": self.label("id_number")},
                "required",
                value="",
            )
            return None
        candidates = by_name.get(name, [])
        phone, organization = self.value(row, "phone"), self.value(row, "organization")
        if len(candidates) > 1 and phone:
            candidates = [m for m in candidates if m["phone"] == phone]
        if len(candidates) > 1 and organization:
            candidates = [m for m in candidates if m["organization__name"] == organization]
        if not candidates:
            self.add_error(
                row,
                "name",
                _(
                    "No member of this name is kept by your organizations. "
                    "Check the spelling, or add a column with the ID number."
                ),
                "unknown_member",
            )
            return None
        if len(candidates) > 1:
            self.add_error(
                row,
                "name",
                _("%(count)d members are called this; add the ID number (or the phone) so the row names one of them.")
                % {"count": len(candidates)},
                "ambiguous",
            )
            return None
        return candidates[0]

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        """Adds the NEW rows' members (inside the pipeline's transaction), with the sheet's name as
        the history's reason."""
        members = list(Member.objects.filter(pk__in=[row.target for row in rows if row.status == NEW]))
        reason = _("Attendance sheet: %(name)s") % {"name": self.file_name or "-"}
        services.attendance_add(activity=self.activity, members=members, actor=self.actor, reason=str(reason))
