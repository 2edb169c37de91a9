"""The forms of the movement pages: one form per event, showing only the fields that event has.
The rules are the services' (registry/movements/rules.py); a refusal comes back onto the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.models import Organization
from registry.models import LostContactCase, Movement
from registry.movements import rules
from registry.movements.services import letter_days

Kind = Movement.Kind
DATE_WIDGET = {"type": "date"}

# Which fields each event has (docs/lifecycle.md#events).
EVENT_FIELDS = {
    Kind.FLOW_OUT: ("date", "other_side", "certificate_number", "reason", "notes"),
    Kind.RETURN: ("date", "reason", "notes"),
    Kind.TRANSFER_IN: ("date", "other_side", "letter_number", "receipt_on", "whole_unit", "notes"),
    Kind.TRANSFER_OUT: (
        "date",
        "to_organization",
        "other_side",
        "letter_number",
        "valid_days",
        "whole_unit",
        "reason",
        "notes",
    ),
    Kind.LEFT_AREA: ("date", "other_side", "reason", "notes"),
    Kind.DIED: ("date", "notes"),
    Kind.REMOVED: ("date", "reason", "notes"),
    Kind.PROBATION_CANCELLED: ("date", "reason", "notes"),
    **{kind: ("date", "reason", "notes") for kind in Movement.LEFT_PARTY if kind != Kind.REMOVED},
    Kind.SUSPENDED: ("date", "reason", "notes"),
    Kind.RESTORED: ("date", "reason", "notes"),
    Kind.LOST_CONTACT: ("date", "lost_reason", "reason", "notes"),
    Kind.CONTACT_FOUND: ("date", "notes"),
    Kind.REPORTED_HOME: ("date", "other_side", "reason", "notes"),
}
DECISION = {"date": _("Date of the decision (as approved)")}
LABELS = {
    Kind.FLOW_OUT: {"date": _("Left on"), "other_side": _("Destination (place, organization if known)")},
    Kind.TRANSFER_IN: {
        "date": _("Letter received on"),
        "other_side": _("From which organization"),
        "receipt_on": _("Our receipt sent on"),
    },
    Kind.TRANSFER_OUT: {"date": _("Letter issued on"), "other_side": _("To which organization")},
    Kind.LEFT_AREA: {"other_side": _("Where to")},
    Kind.REMOVED: {"date": _("Date of the branch's decision")},
    Kind.PROBATION_CANCELLED: {"date": _("Date of the branch's decision")},
    Kind.RETURN: {"date": _("Came back on")},
    **{kind: DECISION for kind in Movement.LEFT_PARTY if kind != Kind.REMOVED},
    Kind.SUSPENDED: DECISION,
    Kind.RESTORED: DECISION,
    Kind.LOST_CONTACT: {
        "date": _("Contact lost on (the last contact, organizational life or dues payment)"),
        "reason": _("Reason in words"),
    },
    Kind.CONTACT_FOUND: {"date": _("Found on")},
    Kind.REPORTED_HOME: {"date": _("Reported on"), "other_side": _("To whom"), "reason": _("What was reported")},
}


class MovementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    to_organization = forms.ModelChoiceField(
        label=_("To another of our organizations"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("A move between our own branches: the member changes organization and stays on the roster."),
    )
    other_side = forms.CharField(label=_("To or from"), max_length=150, required=False)
    letter_number = forms.CharField(label=_("Introduction letter number"), max_length=40, required=False)
    # No maximum here: the cap (REGISTRY_TRANSFER_LETTER_MAX_DAYS) is the rules', refused in their words.
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=32767, required=False)
    receipt_on = forms.DateField(
        label=_("Receipt"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    certificate_number = forms.CharField(label=_("Activity certificate number"), max_length=40, required=False)
    whole_unit = forms.BooleanField(
        label=_("Part of a whole-unit transfer (整建制)"),
        required=False,
        help_text=_("The whole organization's membership moves with this member's."),
    )
    lost_reason = forms.ChoiceField(label=_("Reason"), choices=LostContactCase.Reason.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, member, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.member = kind, member
        wanted = EVENT_FIELDS[kind]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for name, label in LABELS.get(kind, {}).items():
            if name in self.fields:
                self.fields[name].label = label
        self.fields["date"].initial = clock.today()
        if "to_organization" in self.fields:
            # Staff move anywhere in the tree; a secretary within the organizations they keep
            # (the service refuses the rest: rules.move_scope_refusal).
            targets = access.changeable_organizations(user) if user is not None else Organization.objects.all()
            self.fields["to_organization"].queryset = targets.exclude(pk=member.organization_id).order_by("path")
            self.fields["valid_days"].initial = letter_days()
            self.fields["letter_number"].required = True
        if kind == Kind.TRANSFER_IN:
            self.fields["letter_number"].required = True
            self.fields["other_side"].required = True
        if kind == Kind.FLOW_OUT:
            self.fields["other_side"].required = True
        if kind == Kind.REPORTED_HOME:
            self.fields["other_side"].required = True
            self.fields["other_side"].initial = member.origin_organization
            self.fields["reason"].required = True
        if kind == Kind.TRANSFER_OUT:
            self.fields["other_side"].required = False

    def clean(self):
        data = super().clean()
        if self.kind == Kind.TRANSFER_OUT and not data.get("to_organization") and not data.get("other_side"):
            self.add_error("other_side", _("Say to which organization the membership is transferred."))
        return data

    def event(self) -> rules.Event:
        data = self.cleaned_data
        organization = data.get("to_organization")
        return rules.Event(
            kind=self.kind,
            date=data["date"],
            other_side=(data.get("other_side") or "").strip(),
            to_organization_id=organization.pk if organization else None,
            letter_number=(data.get("letter_number") or "").strip(),
            valid_days=data.get("valid_days"),
            receipt_on=data.get("receipt_on"),
            certificate_number=(data.get("certificate_number") or "").strip(),
            reason=(data.get("reason") or "").strip(),
            notes=data.get("notes") or "",
            whole_unit=bool(data.get("whole_unit")),
            lost_reason=data.get("lost_reason") or "",
        )


class ReceiptForm(forms.Form):
    receipt_on = forms.DateField(label=_("Receipt dated"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipt_on"].initial = clock.today()


class ReissueForm(forms.Form):
    """An expired letter re-issued: the new number, the day and the new validity
    (docs/lifecycle.md#transfer-letters)."""

    letter_number = forms.CharField(label=_("New introduction letter number"), max_length=40)
    reissued_on = forms.DateField(label=_("Re-issued on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=32767)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reissued_on"].initial = clock.today()
        self.fields["valid_days"].initial = letter_days()


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(
        label=_("Cancelled on"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancelled_on"].initial = clock.today()


# The earliest year whose balance may be asked for (`?year=` on the balance pages, read by
# branches.filtering.year_from); the latest is this year.
BALANCE_FIRST_YEAR = 1949


def event_kinds_for(member) -> list[str]:
    """The events that may be recorded for this member now, for the buttons on their page."""
    kinds = []
    self_managed = member.category == member.Category.SELF_MANAGED
    if self_managed and not member.flowed_out:
        kinds.append(Kind.FLOW_OUT)
    if member.flowed_out:
        kinds.append(Kind.RETURN)
    if not self_managed:
        kinds.append(Kind.TRANSFER_IN)
        kinds.append(Kind.LEFT_AREA)
    if self_managed:
        kinds.append(Kind.TRANSFER_OUT)
    kinds.append(Kind.CONTACT_FOUND if member.lost_contact else Kind.LOST_CONTACT)
    kinds.append(Kind.DIED)
    if self_managed:  # decided where membership is held (docs/lifecycle.md#left-the-party)
        kinds += [kind for kind in Movement.LEFT_PARTY if kind != Kind.REMOVED]
        if member.lost_contact:
            kinds.append(Kind.SUSPENDED)
    else:  # what we report to the home organization instead
        kinds.append(Kind.REPORTED_HOME)
    if member.status == member.Status.PROBATIONARY:
        kinds.append(Kind.PROBATION_CANCELLED)
    return kinds


def former_event_kinds_for(member) -> list[str]:
    """A former member's events: 恢复党籍 and 自行脱党除名 after 停止党籍 (Movement.FOR_FORMER)."""
    return list(Movement.FOR_FORMER) if member.left_as == Kind.SUSPENDED else []
