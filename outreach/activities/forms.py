"""Forms of the activities (gatherings of registry/orglife): the activity, and who attended —
picked, typed, or read from a sheet. What only a form knows (which members a secretary may name) is checked here."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import RecordsField
from branches.models import Organization
from branches.versions import VersionedForm
from outreach.widgets import DateInput
from registry.idnumbers import normalize_id_number
from registry.models import GatheringKind, Member

_SEPARATORS = re.compile(r"[\n\r、，,;；]+")
MAX_PICKABLE = 300  # a checkbox per member up to this many; beyond it, names or ID numbers are typed


class ActivityForm(VersionedForm, forms.Form):
    """An activity: a gathering of the organizing organization (registry.models.Gathering, the one
    record of meetings and activities, docs/orglife.md#activities) of one kind. Its fields keep the
    names the activity pages always posted; `gathering_data()` gives them as the gathering's."""

    kind = forms.ChoiceField(label=_("Kind"), choices=GatheringKind.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    organizer = forms.ModelChoiceField(label=_("Organizing organization"), queryset=Organization.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kinds = [row.kind for row in instance.kinds.all()]
            kwargs.setdefault(
                "initial",
                {
                    "kind": kinds[0] if kinds else "",
                    "title": instance.topic,
                    "date": instance.date,
                    "organizer": instance.organization_id,
                    "place": instance.place,
                    "notes": instance.notes,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = access.changeable_organizations(user).order_by("path")

    def gathering_data(self) -> dict:
        """The gathering's fields (its kind apart)."""
        data = self.cleaned_data
        return {
            "topic": data["title"],
            "date": data["date"],
            "organization": data["organizer"],
            "place": data["place"],
            "notes": data["notes"],
        }


class AttendancePickForm(forms.Form):
    """Members picked by checkbox (when few) or typed: names or ID numbers, one per line or
    separated by 、 ， ; — each must be a member the user keeps."""

    members = RecordsField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    names = forms.CharField(
        label=_("Names or ID numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, or separated by 、 or commas. A name shared by two members needs the ID number."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["members"].queryset = candidates
        self.fields["members"].error_messages["invalid_choice"] = _(
            "%(value)s is not a member you can record attendance for. Pick members from the list."
        )

    def clean(self):
        cleaned = super().clean()
        picked = list(cleaned.get("members") or [])
        typed = [part.strip() for part in _SEPARATORS.split(cleaned.get("names") or "") if part.strip()]
        unknown, ambiguous = [], []
        if typed:
            numbers = {normalize_id_number(t) for t in typed}
            found = list(self.candidates.filter(id_number__in=numbers)) + list(self.candidates.filter(name__in=typed))
            by_number = {m.id_number: m for m in found}
            by_name: dict[str, list] = {}
            for member in {m.pk: m for m in found}.values():
                by_name.setdefault(member.name, []).append(member)
            for text in typed:
                member = by_number.get(normalize_id_number(text))
                if member is None:
                    same_name = by_name.get(text, [])
                    if len(same_name) > 1:
                        ambiguous.append(text)
                        continue
                    member = same_name[0] if same_name else None
                if member is None:
                    unknown.append(text)
                else:
                    picked.append(member)
        if unknown:
            self.add_error(
                "names",
                _("Not found among the members you keep: %(names)s. Check the spelling or use the ID number.")
                % {"names": "、".join(unknown)},
            )
        if ambiguous:
            self.add_error(
                "names",
                _("More than one member is called %(names)s: type the ID number instead.")
                % {"names": "、".join(ambiguous)},
            )
        if not picked and not self.errors:
            raise forms.ValidationError(_("Pick at least one member, or type a name or ID number."))
        cleaned["picked"] = list({m.pk: m for m in picked}.values())
        return cleaned


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet"),
        help_text=_(
            "An .xlsx, .xls, .ods or .csv file with a header row holding at least three of: "
            "姓名, 公民身份号码, 所在党组织, 联系电话, 备注."
        ),
    )
