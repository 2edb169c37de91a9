"""The forms of organizational life: a meeting (its kinds as checkboxes: one meeting may count as
several), its attendance sheet (a line per expected member, saved in one POST), an attachment, and
a sign-in sheet uploaded from the meeting's page."""

import dataclasses

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.versions import VersionedForm
from registry.models import Attendance, Gathering, GatheringKind
from registry.orglife import rules

TIME_WIDGET = {"type": "time"}


class DateInput(forms.DateInput):
    """A date picker offering no day after today: the records say what happened."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"max": clock.today().isoformat(), **(attrs or {})}, format="%Y-%m-%d")


class GatheringForm(VersionedForm, forms.ModelForm):
    """A meeting or activity: the organization (one the user may change), the kinds it counts as,
    when and where, about what, who chaired and took the minutes, what it decided."""

    kinds = forms.MultipleChoiceField(
        label=_("Kinds"),
        choices=GatheringKind.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One meeting may count as several kinds: a general meeting held as the themed party day."),
        error_messages={"required": _("Choose at least one kind.")},
    )

    class Meta:
        model = Gathering
        fields = [
            "organization",
            "date",
            "start_time",
            "end_time",
            "place",
            "topic",
            "chair_name",
            "recorder_name",
            "content",
            "decisions",
            "minutes",
            "guests",
            "notes",
        ]
        labels = {"chair_name": _("Chaired by"), "recorder_name": _("Minutes taken by")}
        help_texts = {"guests": _("One per line: activists, development targets, speakers. Guests are not counted.")}
        widgets = {
            "date": DateInput(),
            "start_time": forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"),
            "end_time": forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"),
            "content": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    # The fields a service sets on the record (the kinds go apart).
    RECORD_FIELDS = Meta.fields

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        if self.instance.pk and not self.is_bound:
            self.initial["kinds"] = [row.kind for row in self.instance.kinds.all()]

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.RECORD_FIELDS}


class AttendanceSheetForm(forms.Form):
    """The attendance sheet of a meeting, one line per member (`lines`: the member, what is recorded):
    for each, `status_<id>`, `reason_<id>`, `note_<id>`, `where_<id>` and `on_<id>`. A line left
    without a status is left as it is; a complete line is checked by rules.entry_problem."""

    def __init__(self, *args, lines, gathering, **kwargs):
        super().__init__(*args, **kwargs)
        self.gathering = gathering
        self.lines = []
        for member, attendance in lines:
            pk = member.pk
            labelled = {"aria-label": member.name}
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=member.name,
                choices=[("", "—"), *Attendance.Status.choices],
                required=False,
                initial=attendance.status if attendance else "",
                widget=forms.Select(attrs={**labelled, "class": "attendance-status"}),
            )
            self.fields[f"reason_{pk}"] = forms.ChoiceField(
                label=_("Reason"),
                choices=[("", "—"), *Attendance.Reason.choices],
                required=False,
                initial=attendance.reason if attendance else "",
                widget=forms.Select(attrs={**labelled, "class": "attendance-reason"}),
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Reason (as written)"),
                max_length=100,
                required=False,
                initial=attendance.reason_note if attendance else "",
                widget=forms.TextInput(attrs={**labelled, "placeholder": _("Reason (as written)"), "size": 10}),
            )
            self.fields[f"where_{pk}"] = forms.CharField(
                label=_("Took part with"),
                max_length=150,
                required=False,
                initial=attendance.elsewhere_organization if attendance else "",
                widget=forms.TextInput(attrs={**labelled, "class": "attendance-where", "size": 14}),
            )
            self.fields[f"on_{pk}"] = forms.DateField(
                label=_("Took part on"),
                required=False,
                widget=DateInput(attrs={**labelled, "class": "attendance-on"}),
                initial=attendance.elsewhere_date if attendance else None,
            )
            self.lines.append((member, attendance))

    def bound_lines(self):
        """(member, attendance, its five fields) for the template."""
        for member, attendance in self.lines:
            pk = member.pk
            yield {
                "member": member,
                "attendance": attendance,
                "status": self[f"status_{pk}"],
                "reason": self[f"reason_{pk}"],
                "note": self[f"note_{pk}"],
                "where": self[f"where_{pk}"],
                "on": self[f"on_{pk}"],
            }

    def clean(self):
        cleaned = super().clean()
        entries = []
        for member, _attendance in self.lines:
            pk = member.pk
            status = cleaned.get(f"status_{pk}")
            if not status:
                continue
            entry = rules.Entry(
                member_id=pk,
                status=status,
                reason=cleaned.get(f"reason_{pk}") or "",
                reason_note=cleaned.get(f"note_{pk}") or "",
                elsewhere_organization=cleaned.get(f"where_{pk}") or "",
                elsewhere_date=cleaned.get(f"on_{pk}"),
            )
            if entry.status == Attendance.Status.ELSEWHERE and entry.elsewhere_date is None:
                entry = dataclasses.replace(entry, elsewhere_date=self.gathering.date)
            problem = rules.entry_problem(entry.cleaned(), gathering_date=self.gathering.date)
            if problem:
                field = f"where_{pk}" if problem[0] == "elsewhere_missing" else f"on_{pk}"
                self.add_error(field, problem[1])
                continue
            entries.append(entry)
        cleaned["entries"] = entries
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or scan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A photo (JPEG, PNG, WebP) or a PDF, at most %(limit)s MB.") % {
            "limit": f"{settings.REGISTRY_ATTACHMENT_MAX_BYTES / 1024 / 1024:g}"
        }


class SignInSheetForm(forms.Form):
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_(
            "An .xlsx, .xls, .ods or .csv file with the columns 姓名, 公民身份号码, "
            "出席情况 (出席, 请假, 缺席, 外地参加), 原因, 参加组织."
        ),
    )
