"""The movement register (党员变动登记, docs/spreadsheets.md#movements-columns): one row per event,
keyed by (公民身份号码, 变动类型, 变动日期).

The same row again is unchanged (also when the member has left the roster since); the same 转出
row with a 回执日期 added is updated, and the member leaves the roster on that day. New rows take
effect in date order, each checked by the rules of the forms (registry/movements/rules.py) against
the member as the earlier rows of the file leave them, so that a 流出 and its 返回 may stand in one
file. Registers are small: each valid row is written through the movement services.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from branches.models import Organization
from registry.imports.values import id_number_parser
from registry.lostcontact import rules as lost_rules
from registry.models import LostContactCase, Member, Movement
from registry.movements import rules, services
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

Kind = Movement.Kind
EVENT_WORDS = {
    "流出": Kind.FLOW_OUT,
    "返回": Kind.RETURN,
    "转入": Kind.TRANSFER_IN,
    "转出": Kind.TRANSFER_OUT,
    "离开本地": Kind.LEFT_AREA,
    "去世": Kind.DIED,
    # 除名 without its kind: kept as 除名（类型未注明）, listed as needing its kind
    "除名": Kind.REMOVED,
    "除名（类型未注明）": Kind.REMOVED,
    "取消预备党员资格": Kind.PROBATION_CANCELLED,
    "开除党籍": Kind.EXPELLED,
    "退党除名": Kind.WITHDREW,
    "劝退": Kind.PERSUADED,
    "劝而不退除名": Kind.PERSUASION_REFUSED,
    "自行脱党除名": Kind.LAPSED,
    "不予承认": Kind.NOT_RECOGNIZED,
    "停止党籍": Kind.SUSPENDED,
    "恢复党籍": Kind.RESTORED,
    "失联": Kind.LOST_CONTACT,
    "恢复联系": Kind.CONTACT_FOUND,
    "报告流出地": Kind.REPORTED_HOME,
    # usual longer or shorter spellings
    "组织关系转入": Kind.TRANSFER_IN,
    "组织关系转出": Kind.TRANSFER_OUT,
    "自行脱党": Kind.LAPSED,
    "失去联系": Kind.LOST_CONTACT,
    "报告流出地党组织": Kind.REPORTED_HOME,
    "病故": Kind.DIED,
    "流入返回": Kind.RETURN,
    "离开": Kind.LEFT_AREA,
}
EVENT_CANONICAL = {
    Kind.FLOW_OUT: "流出",
    Kind.RETURN: "返回",
    Kind.TRANSFER_IN: "转入",
    Kind.TRANSFER_OUT: "转出",
    Kind.LEFT_AREA: "离开本地",
    Kind.DIED: "去世",
    Kind.REMOVED: "除名（类型未注明）",
    Kind.PROBATION_CANCELLED: "取消预备党员资格",
    Kind.EXPELLED: "开除党籍",
    Kind.WITHDREW: "退党除名",
    Kind.PERSUADED: "劝退",
    Kind.PERSUASION_REFUSED: "劝而不退除名",
    Kind.LAPSED: "自行脱党除名",
    Kind.NOT_RECOGNIZED: "不予承认",
    Kind.SUSPENDED: "停止党籍",
    Kind.RESTORED: "恢复党籍",
    Kind.LOST_CONTACT: "失联",
    Kind.CONTACT_FOUND: "恢复联系",
    Kind.REPORTED_HOME: "报告流出地",
}
YES_NO = {True: "是", False: "否"}
_EVENT_KEYS = dict(EVENT_WORDS)


def event_parser(raw) -> str:
    text = "".join(cell_text(raw).split()).replace("(", "（").replace(")", "）")
    if text in _EVENT_KEYS:
        return _EVENT_KEYS[text]
    raise CellError(
        _("“%(value)s” is not one of the %(count)d events. Write one of: %(choices)s.")
        % {"value": cell_text(raw), "count": len(EVENT_CANONICAL), "choices": "、".join(EVENT_CANONICAL.values())},
        code="unknown_event",
    )


def _max(field: str) -> int:
    return Movement._meta.get_field(field).max_length


def days_parser(raw) -> int:
    """30 or 30天 (a count with a unit, docs/spreadsheets.md#counts)."""
    text = cell_text(raw).replace("天", "人") if isinstance(raw, str) else raw
    try:
        return count_parser(text)
    except CellError:
        raise CellError(
            _("“%(value)s” is not a number of days. Write a whole number such as 30 or 30天.")
            % {"value": cell_text(raw)},
            code="days",
        ) from None


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
    Column("kind", "变动类型", ("类型",), event_parser, required=True, canonical=EVENT_CANONICAL),
    Column("date", "变动日期", ("日期",), date_parser, required=True),
    Column(
        "other_side",
        "去向或来源",
        ("流向", "去向", "来源", "转往党组织", "转自党组织"),
        text_parser(_max("other_side")),
    ),
    Column("letter_number", "介绍信编号", ("介绍信号",), text_parser(_max("letter_number")), memo=False),
    Column("valid_days", "有效期（天）", ("有效期", "有效天数"), days_parser),
    Column("receipt_on", "回执日期", ("回执时间",), date_parser),
    Column("whole_unit", "整建制", ("是否整建制",), choice_parser({"是": True, "否": False}, YES_NO)),
    Column("certificate_number", "活动证编号", ("流动党员活动证编号",), text_parser(_max("certificate_number"))),
    Column("reason", "原因", ("变动原因", "外出原因"), text_parser(_max("reason"))),
    Column("notes", "备注", (), text_parser(None), memo=False),
)
# What a row may change on an event already in the registry (an empty cell never erases).
UPDATABLE = ("other_side", "letter_number", "valid_days", "receipt_on", "certificate_number", "reason", "notes")
MEMBER_FIELDS = (
    "id",
    "id_number",
    "name",
    "organization_id",
    "category",
    "status",
    "joined",
    "registered_on",
    "flowed_out",
    "left_on",
    "organization__name",
    "organization__level",
    "left_as",
    "origin_organization",
)


class MovementImporter(Importer):
    kind = "movements"
    kind_label = gettext_lazy("movement register")
    help_text = "the movement register, one row per event, keyed by 公民身份号码, 变动类型 and 变动日期"
    sheet_name = "变动登记"
    template_name = "党员变动登记"
    columns = COLUMNS
    key_fields = ("id_number",)
    secretary_may_run = True

    def check_duplicates(self, rows: list[ParsedRow]) -> None:
        """The key is (公民身份号码, 变动类型, 变动日期): the same event twice in a file is an error."""
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
                    _(
                        "Row %(row)d already records this event for this member on this day. Each event may "
                        "appear only once in a file: merge the two rows or delete one."
                    )
                    % {"row": earlier},
                    "duplicate",
                )

    def resolve(self, rows: list[ParsedRow]) -> None:
        self.today = clock.today()
        numbers = {self.value(row, "id_number") for row in rows} - {None}
        members = {
            values["id_number"]: values
            for values in Member.all_members.filter(id_number__in=numbers).order_by().values(*MEMBER_FIELDS)
        }
        member_ids = [values["id"] for values in members.values()]
        existing = {}
        flow_outs: dict[int, datetime.date] = {}
        pending: dict[int, str] = {}
        for movement in Movement.objects.filter(member_id__in=member_ids).order_by("date", "id"):
            existing[(movement.member_id, movement.kind, movement.date)] = movement
            if movement.kind == Kind.FLOW_OUT:
                flow_outs[movement.member_id] = movement.date
            if (
                movement.kind == Kind.TRANSFER_OUT
                and movement.to_organization_id is None
                and movement.receipt_on is None
                and movement.cancelled_on is None
            ):
                pending[movement.member_id] = movement.letter_number
        self.letters = dict(Movement.objects.exclude(letter_number="").values_list("letter_number", "id"))
        # a number a re-issued letter replaced is never used again
        self.letters.update(
            Movement.objects.exclude(replaced_letter_number="").values_list("replaced_letter_number", "id")
        )
        lost = {
            case.member_id: case
            for case in LostContactCase.objects.filter(member_id__in=member_ids, outcome=LostContactCase.Outcome.OPEN)
        }
        self.organizations = dict(Organization.objects.values_list("name", "id"))
        self.organization_levels = dict(Organization.objects.values_list("id", "level"))
        states: dict[int, rules.MemberState] = {}
        new_rows = []
        for row in rows:
            number = self.value(row, "id_number")
            if number is None:
                self.check_required(row, ("id_number",))
            for field in ("name", "kind", "date"):
                if self.value(row, field) is None and not self.has_error(row, field):
                    self.check_required(row, (field,))
            if row.errors:
                continue
            member = members.get(number)
            if member is None:
                self.add_error(
                    row,
                    "id_number",
                    _(
                        "No member with this ID number is on the roster. Check the number, or add the member "
                        "to the roster first (a former member comes back through the roster import)."
                    ),
                    "unknown_id",
                )
                continue
            if self.refused_out_of_scope(row, member["organization_id"], code="out_of_scope"):
                continue
            if self.value(row, "name") != member["name"]:
                self.add_error(
                    row,
                    "name",
                    _("The roster has this ID number under the name %(name)s. Check the name or the number.")
                    % {"name": member["name"]},
                    "name_mismatch",
                )
                continue
            event = self.event(row)
            row.data = event
            key = (member["id"], event.kind, event.date)
            if key in existing:
                self.compare_existing(row, existing[key], event)
                continue
            if member["id"] not in states:
                states[member["id"]] = rules.MemberState(
                    pk=member["id"],
                    name=member["name"],
                    organization_id=member["organization_id"],
                    category=member["category"],
                    status=member["status"],
                    joined=member["joined"],
                    registered_on=member["registered_on"],
                    flowed_out=member["flowed_out"],
                    flow_out_date=flow_outs.get(member["id"]) if member["flowed_out"] else None,
                    left_on=member["left_on"],
                    pending_letter=pending.get(member["id"], ""),
                    organization_name=member["organization__name"],
                    organization_level=member["organization__level"],
                    left_as=member["left_as"],
                    origin_organization=member["origin_organization"],
                    lost_on=lost[member["id"]].lost_on if member["id"] in lost else None,
                    lost_reason=lost[member["id"]].reason if member["id"] in lost else "",
                )
            row.target = member["id"]
            new_rows.append(row)
        # New events take effect in date order, each against the state the earlier ones left.
        letters_in_use = set(self.letters)
        for row in sorted(new_rows, key=lambda row: (row.data.date, row.number)):
            state, event = states[row.target], row.data
            if event.kind == Kind.TRANSFER_OUT and event.valid_days is None and event.to_organization_id is None:
                event.valid_days = services.letter_days()
            found = rules.refusals(state, event, today=self.today, letters_in_use=letters_in_use)
            if scope := rules.move_scope_refusal(event, self.scope_ids):
                found = [scope, *found]
            if found:
                for refusal in found:
                    self.add_error(
                        row, refusal.field if refusal.field in self.position else "kind", refusal.message, refusal.code
                    )
                continue
            rules.apply(state, event)
            if event.letter_number:
                letters_in_use.add(event.letter_number)
            row.status = NEW

    def event(self, row: ParsedRow) -> rules.Event:
        values = {column.field: self.value(row, column.field) for column in self.columns}
        other_side = values["other_side"] or ""
        to_organization = None
        if values["kind"] == Kind.TRANSFER_OUT and other_side in self.organizations:
            to_organization = self.organizations[other_side]  # one of ours: a move between branches
        lost_reason, reason = "", values["reason"] or ""
        if values["kind"] == Kind.LOST_CONTACT:
            lost_reason, reason = lost_rules.reason_from_text(reason)
        return rules.Event(
            kind=values["kind"],
            date=values["date"],
            whole_unit=bool(values["whole_unit"]),
            lost_reason=lost_reason,
            other_side=other_side,
            to_organization_id=to_organization,
            letter_number=values["letter_number"] or "",
            valid_days=values["valid_days"],
            receipt_on=values["receipt_on"],
            certificate_number=values["certificate_number"] or "",
            reason=reason,
            notes=values["notes"] or "",
            to_organization_name=other_side if to_organization else "",
            to_organization_level=self.organization_levels.get(to_organization, "") if to_organization else "",
        )

    def compare_existing(self, row: ParsedRow, movement: Movement, event: rules.Event) -> None:
        changes = {}
        # A row naming the number a re-issued letter replaced speaks of that letter: its number and
        # validity are the re-issued letter's now (docs/lifecycle.md#transfer-letters).
        replaced = bool(movement.replaced_letter_number) and event.letter_number == movement.replaced_letter_number
        for field in UPDATABLE:
            new = getattr(event, field)
            if new in (None, ""):
                continue  # an empty cell never erases
            if field == "valid_days" and movement.valid_days is None:
                continue
            if replaced and field in ("letter_number", "valid_days"):
                continue
            if getattr(movement, field) != new:
                changes[field] = new
        if "valid_days" in changes and not movement.is_branch_move:
            for refusal in rules.validity_refusals(changes["valid_days"]):
                self.add_error(
                    row, refusal.field if refusal.field in self.position else "kind", refusal.message, refusal.code
                )
        if "receipt_on" in changes:
            receipt = changes["receipt_on"]
            if (
                movement.receipt_on is not None
                or movement.kind not in (Kind.TRANSFER_IN, Kind.TRANSFER_OUT)
                or movement.is_branch_move
                or movement.cancelled_on is not None
            ):
                self.add_error(
                    row,
                    "receipt_on",
                    _(
                        "This event's receipt cannot be changed: it was recorded on %(date)s, or the event has "
                        "no receipt."
                    )
                    % {"date": movement.receipt_on.isoformat() if movement.receipt_on else "—"},
                    "receipt_recorded",
                )
            else:
                letter = rules.Letter.of(movement)
                if "valid_days" in changes and letter.expires_on is not None:
                    letter.expires_on = letter.in_force_from + datetime.timedelta(days=changes["valid_days"])
                for refusal in rules.receipt_refusals(letter, receipt, today=self.today):
                    self.add_error(row, "receipt_on", refusal.message, refusal.code)
        if "letter_number" in changes and changes["letter_number"] in self.letters:
            self.add_error(
                row,
                "letter_number",
                _(
                    "Introduction letter %(letter)s is already used by another transfer: each letter number is "
                    "used once (%(date)s)."
                )
                % {"letter": changes["letter_number"], "date": movement.date.isoformat()},
                "letter_in_use",
            )
        if row.errors:
            return
        row.target = movement.pk
        if not changes:
            row.status = UNCHANGED
            return
        row.status = UPDATED
        row.data = changes
        row.changes = tuple(
            FieldChange(
                field, self.header(field), self.display(field, getattr(movement, field)), self.display(field, value)
            )
            for field, value in changes.items()
        )

    def display(self, field: str, value) -> str:
        if value is None or value == "":
            return ""
        return format_value(value, canonical=EVENT_CANONICAL if field == "kind" else None)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        members = Member.all_members.in_bulk([row.target for row in rows if row.status == NEW])
        movements = Movement.objects.in_bulk([row.target for row in rows if row.status == UPDATED])

        def effective(row):
            if row.status == NEW:
                return row.data.date
            return row.data.get("receipt_on") or movements[row.target].date

        for row in sorted(rows, key=lambda row: (effective(row), row.number)):
            if row.status == NEW:
                services.movement_record(member=members[row.target], event=row.data, actor=self.actor, today=self.today)
                continue
            movement = movements[row.target]
            changes = dict(row.data)
            receipt = changes.pop("receipt_on", None)
            if changes:
                services.movement_update(movement=movement, data=changes, actor=self.actor, reason=reason)
            if receipt is not None:
                services.transfer_receipt_record(
                    movement=movement, receipt_on=receipt, actor=self.actor, today=self.today
                )
