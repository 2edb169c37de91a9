"""Two kinds of spreadsheet import for organizational life (docs/spreadsheets.md#meetings-columns,
#meeting-attendance-columns), under the import rules of every kind: all or nothing unless
--skip-invalid, an error workbook, a blank template.

- `meetings`: a register of meetings, one a row — 党组织, 会议类型, 日期, 主题, 主持人, 记录人, 地点.
  A 会议类型 may name several kinds joined by 暨 or 、 (one meeting, several kinds). A row is the
  meeting of that organization on that day with exactly those kinds (or, failing that, that topic)
  when there is one — updated, an empty cell erasing nothing — and a new meeting otherwise.
- `meeting_attendance`: a sign-in sheet — 姓名, 公民身份号码, 出席情况 (出席 · 请假 · 缺席 · 外地参加),
  原因, 参加组织 (and 参加日期). It names its meeting by `import_data meeting_attendance FILE
  --meeting ID`, by being uploaded from the meeting's page, or by the columns 党组织, 会议类型, 日期
  on its rows (the meeting of that organization on that day that counts as those kinds). 出席 and
  外地参加 are taking part; 请假 and 缺席 are not.

Error codes: unknown_meeting_kind, unknown_organization, scope, future_date, duplicate,
unknown_meeting, ambiguous_meeting, unknown_member, not_member_of_organization, ambiguous,
name_mismatch, elsewhere_missing, unknown_status.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.imports.kinds import CommandOption
from registry.models import Attendance, Gathering, Member
from registry.orglife import rules, services
from registry.orglife.columns import (
    ATTENDANCE_COLUMNS,
    ATTENDANCE_FIELDS,
    MEETING_COLUMNS,
    MEETING_FIELDS,
    MEETING_REQUIRED,
)
from registry.orglife.selectors import expected_members
from spreadsheets.errors import ImportRefused
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.result import FieldChange
from spreadsheets.values import format_value


def _refuse_future(importer: Importer, row: ParsedRow, day) -> bool:
    if day and day > clock.today():
        importer.add_error(row, "date", _("The date is after today: a register records meetings held."), "future_date")
        return True
    return False


class _MeetingRows:
    """What both kinds share: the organization a row names (in the user's scope) and its meetings."""

    def organizations(self, rows: list[ParsedRow]) -> dict[str, Organization]:
        names = {self.value(row, "organization") for row in rows if self.value(row, "organization")}
        return {o.name: o for o in Organization.objects.filter(name__in=names)} if names else {}

    def organization_of(self, row: ParsedRow, organizations: dict) -> Organization | None:
        name = self.value(row, "organization")
        organization = organizations.get(name)
        if organization is None:
            self.add_error(
                row,
                "organization",
                _("No party organization of this name is registered. Write its name as the registry has it."),
                "unknown_organization",
            )
            return None
        if self.scope_ids is not None and organization.pk not in self.scope_ids:
            self.add_error(
                row,
                "organization",
                _(
                    "This organization is not one you keep: import the meetings of your own organization and "
                    "those below it."
                ),
                "scope",
            )
            return None
        return organization

    def meetings_on(self, pairs: set) -> dict[tuple[int, object], list[Gathering]]:
        """The meetings held by those organizations on those days: (organization id, date) → meetings."""
        found = defaultdict(list)
        if not pairs:
            return found
        gatherings = Gathering.objects.filter(
            organization_id__in={pk for pk, _d in pairs}, date__in={day for _o, day in pairs}
        ).prefetch_related("kinds")
        for gathering in gatherings.order_by("pk"):
            found[(gathering.organization_id, gathering.date)].append(gathering)
        return found


class MeetingImporter(_MeetingRows, Importer):
    kind = "meetings"
    kind_label = gettext_lazy("meetings")
    help_text = (
        "a register of meetings (三会一课, 主题党日…): 党组织, 会议类型 (several joined by 暨 or 、), 日期, 主题, "
        "主持人, 记录人, 地点"
    )
    sheet_name = "会议"
    template_name = "会议登记"
    columns = MEETING_COLUMNS
    key_fields = ("organization",)
    label_field = "topic"
    secretary_may_run = True

    def display(self, field: str, value) -> str:
        if field == "kinds" and isinstance(value, tuple):
            return rules.kinds_text(value)
        return super().display(field, value)

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        """The same organization, day and kinds twice in one file: the second row names the first."""
        first: dict = {}
        for row in rows:
            key = (self.value(row, "organization"), self.value(row, "date"), self.value(row, "kinds"))
            if None in key:
                continue
            earlier = first.setdefault(key, row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "kinds",
                    _(
                        "Row %(row)d already records this meeting (the same organization, day and kinds): "
                        "merge the two rows."
                    )
                    % {"row": earlier},
                    "duplicate",
                )

    def resolve(self, rows: list[ParsedRow]) -> None:
        organizations = self.organizations(rows)
        resolved = []
        for row in rows:
            self.check_required(row, MEETING_REQUIRED)
            if row.errors:
                continue
            organization = self.organization_of(row, organizations)
            if organization is None or _refuse_future(self, row, self.value(row, "date")):
                continue
            resolved.append((row, organization))
        meetings = self.meetings_on({(organization.pk, self.value(row, "date")) for row, organization in resolved})
        for row, organization in resolved:
            kinds, topic = self.value(row, "kinds"), self.value(row, "topic")
            same_day = meetings.get((organization.pk, self.value(row, "date")), [])
            match = [g for g in same_day if set(rules.ordered_kinds(k.kind for k in g.kinds.all())) == set(kinds)]
            match = match or [g for g in same_day if g.topic == topic]
            given = {field: self.value(row, field) for field in MEETING_FIELDS if self.value(row, field) is not None}
            row.data = {"organization": organization, "date": self.value(row, "date"), "kinds": kinds, **given}
            if not match:
                row.status = NEW
                continue
            gathering = match[0]
            row.target = gathering
            before = {field: getattr(gathering, field) for field in given}
            self.compare(row, before, given)
            old_kinds = rules.ordered_kinds(k.kind for k in gathering.kinds.all())
            if set(old_kinds) != set(kinds):
                row.changes = (
                    *row.changes,
                    FieldChange("kinds", self.header("kinds"), rules.kinds_text(old_kinds), rules.kinds_text(kinds)),
                )
                row.status = UPDATED

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in rows:
            data = dict(row.data)
            kinds = data.pop("kinds")
            if row.status == NEW:
                services.gathering_create(data=data, kinds=kinds, actor=self.actor, reason=reason)
            else:
                data.pop("organization"), data.pop("date")
                services.gathering_update(gathering=row.target, data=data, kinds=kinds, actor=self.actor)


class MeetingAttendanceImporter(_MeetingRows, Importer):
    kind = "meeting_attendance"
    kind_label = gettext_lazy("meeting sign-in sheet")
    help_text = (
        "a meeting's sign-in sheet: 姓名, 公民身份号码, 出席情况 (出席, 请假, 缺席, 外地参加), 原因, 参加组织; "
        "the meeting named by --meeting ID or by the columns 党组织, 会议类型, 日期"
    )
    sheet_name = "签到"
    template_name = "会议签到表"
    columns = ATTENDANCE_COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True
    # `import_data meeting_attendance FILE --meeting ID`: the meeting every row is for.
    command_options = (
        CommandOption(
            "--meeting",
            dest="meeting",
            type=int,
            metavar="ID",
            help="meeting_attendance: the meeting the sheet is for (the number in its page's address)",
        ),
    )

    def __init__(self, *, meeting: Gathering | int | None = None, file_name: str = "", **kwargs):
        super().__init__(**kwargs)
        self.file_name = file_name
        if meeting is not None and not isinstance(meeting, Gathering):
            found = Gathering.objects.select_related("organization").filter(pk=meeting).first()
            if found is None or (self.scope_ids is not None and found.organization_id not in self.scope_ids):
                raise ImportRefused(
                    _("There is no meeting number %(id)s among the meetings you keep.") % {"id": meeting},
                    code="unknown_meeting",
                )
            meeting = found
        self.meeting = meeting

    def display(self, field: str, value) -> str:
        if field == "kinds" and isinstance(value, tuple):
            return rules.kinds_text(value)
        return super().display(field, value)

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        """Checked in resolve, once each row's meeting and member are known."""

    def run(self, table, skipped):
        named = {column.field for _index, column in table.columns}
        if self.meeting is None and not {"organization", "kinds", "date"} <= named:
            raise ImportRefused(
                _(
                    "The sheet does not say which meeting it is for: upload it from the meeting's page, give "
                    "--meeting with the meeting's number, or add the columns 党组织, 会议类型 and 日期."
                ),
                code="no_meeting",
            )
        if not {"name", "id_number"} & named:
            raise ImportRefused(
                _("The sheet names nobody: it needs a column 姓名 or 公民身份号码."), code="no_member_column"
            )
        return super().run(table, skipped)

    def resolve(self, rows: list[ParsedRow]) -> None:
        meeting_of = self.resolve_meetings(rows)
        gatherings = {g.pk: g for g in meeting_of.values() if g is not None}
        expected = self.expected_by_meeting(gatherings.values())
        numbers = {self.value(row, "id_number") for row in rows if self.value(row, "id_number")}
        known = (
            {m["id_number"]: m for m in Member.objects.filter(id_number__in=numbers).values("id", "id_number", "name")}
            if numbers
            else {}
        )
        names = {self.value(row, "name") for row in rows if self.value(row, "name")}
        elsewhere_names = set(Member.objects.filter(name__in=names).values_list("name", flat=True)) if names else set()
        recorded = {
            (a.gathering_id, a.member_id): a for a in Attendance.objects.filter(gathering_id__in=list(gatherings))
        }
        first: dict = {}
        for row in rows:
            gathering = meeting_of.get(row.number)
            if row.errors or gathering is None:
                continue
            member = self.member_of(row, expected[gathering.pk], known, elsewhere_names)
            if member is None:
                continue
            earlier = first.setdefault((gathering.pk, member["id"]), row.number)
            if earlier != row.number:
                self.add_error(
                    row,
                    "name",
                    _("Row %(row)d already names this member for this meeting: delete one of the two rows.")
                    % {"row": earlier},
                    "duplicate",
                )
                continue
            self.compare_entry(row, gathering, member, recorded.get((gathering.pk, member["id"])))

    def resolve_meetings(self, rows: list[ParsedRow]) -> dict[int, Gathering | None]:
        """Each row's meeting: the one given, or the one its 党组织, 会议类型, 日期 name."""
        if self.meeting is not None:
            return {row.number: self.meeting for row in rows}
        organizations = self.organizations(rows)
        found, wanted = {}, []
        for row in rows:
            self.check_required(row, ("organization", "kinds", "date"))
            organization = None if row.errors else self.organization_of(row, organizations)
            if organization is not None:
                wanted.append((row, organization))
        meetings = self.meetings_on({(organization.pk, self.value(row, "date")) for row, organization in wanted})
        for row, organization in wanted:
            kinds = set(self.value(row, "kinds"))
            same = [
                g
                for g in meetings.get((organization.pk, self.value(row, "date")), [])
                if kinds <= {k.kind for k in g.kinds.all()}
            ]
            if len(same) == 1:
                found[row.number] = same[0]
            elif not same:
                self.add_error(
                    row,
                    "kinds",
                    _(
                        "No such meeting of %(organization)s on %(date)s is recorded: record the meeting (or import "
                        "the register) first."
                    )
                    % {"organization": organization.name, "date": format_value(self.value(row, "date"))},
                    "unknown_meeting",
                )
            else:
                self.add_error(
                    row,
                    "kinds",
                    _("%(count)d such meetings were held that day: upload the sheet from the meeting's page.")
                    % {"count": len(same)},
                    "ambiguous_meeting",
                )
        return found

    def expected_by_meeting(self, gatherings) -> dict[int, dict]:
        """For each meeting, its expected members by id number and by name (selectors.expected_members)."""
        expected = {}
        for gathering in gatherings:
            by_number, by_name = {}, defaultdict(list)
            for member in expected_members(gathering).values("id", "id_number", "name"):
                by_number[member["id_number"]] = member
                by_name[member["name"]].append(member)
            expected[gathering.pk] = {"number": by_number, "name": by_name}
        return expected

    def member_of(self, row: ParsedRow, expected: dict, known: dict, elsewhere_names: set) -> dict | None:
        number, name = self.value(row, "id_number"), self.value(row, "name")
        if number:
            member = expected["number"].get(number)
            if member is None:
                if number in known:
                    self.not_member(row, "id_number")
                else:
                    self.add_error(
                        row,
                        "id_number",
                        _("No member with this ID number is on the roster. Check the number."),
                        "unknown_member",
                    )
                return None
            if name and name != member["name"]:
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
        same = expected["name"].get(name, [])
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            self.add_error(
                row,
                "name",
                _("%(count)d members of the organization are called this: add the ID number.") % {"count": len(same)},
                "ambiguous",
            )
        elif name in elsewhere_names:
            self.not_member(row, "name")
        else:
            self.add_error(
                row,
                "name",
                _("No member of this name is on the roster. Check the spelling, or add the ID number."),
                "unknown_member",
            )
        return None

    def not_member(self, row: ParsedRow, field: str) -> None:
        self.add_error(
            row,
            field,
            _(
                "This member is not a member of the meeting's organization (or of those below it): a sign-in sheet "
                "names the organization's own members; guests are listed on the meeting's page."
            ),
            "not_member_of_organization",
        )

    def compare_entry(self, row: ParsedRow, gathering: Gathering, member: dict, attendance: Attendance | None) -> None:
        text = self.value(row, "reason") or ""
        given = {
            "status": self.value(row, "status"),
            "reason": rules.reason_from_text(text),
            "reason_note": text if text and text not in rules.REASON_CANONICAL.values() else "",
            "elsewhere_organization": self.value(row, "elsewhere_organization") or "",
            "elsewhere_date": self.value(row, "elsewhere_date"),
        }
        if attendance is not None and given["elsewhere_date"] is None:
            given["elsewhere_date"] = attendance.elsewhere_date  # an empty cell erases nothing
        if given["status"] == Attendance.Status.ELSEWHERE and given["elsewhere_date"] is None:
            given["elsewhere_date"] = gathering.date
        entry = rules.Entry(member_id=member["id"], **given).cleaned()
        problem = rules.entry_problem(entry, gathering_date=gathering.date)
        if problem:
            field = "elsewhere_organization" if problem[0] == "elsewhere_missing" else "elsewhere_date"
            self.add_error(row, field, problem[1], problem[0])
            return
        row.target = member["id"]
        row.data = {"gathering": gathering, "entry": entry}
        if attendance is None:
            row.status = NEW
            return
        before = {field: getattr(attendance, field) for field in ATTENDANCE_FIELDS}
        after = {field: getattr(entry, field) for field in ATTENDANCE_FIELDS}
        changes = [
            FieldChange(
                field,
                self.header("status") if field == "status" else field,
                format_value(before[field]),
                format_value(after[field]),
            )
            for field in ATTENDANCE_FIELDS
            if before[field] != after[field]
        ]
        row.changes = tuple(changes)
        row.status = UPDATED if changes else UNCHANGED

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        by_meeting = defaultdict(list)
        for row in rows:
            by_meeting[row.data["gathering"].pk].append(row.data)
        if self.file_name:
            reason = str(_("Sign-in sheet: %(name)s") % {"name": self.file_name})[:100]
        for items in by_meeting.values():
            services.attendance_record(
                gathering=items[0]["gathering"],
                entries=[item["entry"] for item in items],
                actor=self.actor,
                reason=reason,
            )
