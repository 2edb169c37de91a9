"""Forms of the keeping-in-touch work. Rules that belong to a record (no date in the future, a
closed case has an outcome…) live in the models' clean(), which the forms and services both run;
what only a form knows (which members a secretary may name) is checked here."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.filtering import RecordsField
from branches.models import Enterprise
from branches.phones import normalize_phone
from branches.versions import VersionedForm
from outreach.contacts import selectors
from outreach.models import (
    Activity,
    BranchVisit,
    Contact,
    DesignatedContact,
    Occasion,
    ServiceCase,
    Visit,
    VisitOccasion,
)
from registry.idnumbers import normalize_id_number
from registry.models import Member

_SEPARATORS = re.compile(r"[\n\r、，,;；]+")
MAX_PICKABLE = 300  # a checkbox per member up to this many; beyond it, names or ID numbers are typed


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"max": clock.today().isoformat(), **(attrs or {})}, format="%Y-%m-%d")


def _date_widgets(*names):
    return {name: DateInput() for name in names}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["date", "channel", "made_by", "note"]
        widgets = {**_date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}


class LostContactForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=80)


class DesignatedContactForm(forms.ModelForm):
    class Meta:
        model = DesignatedContact
        fields = ["organization", "name", "phone", "since", "notes"]
        widgets = {**_date_widgets("since"), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""


class OccasionForm(forms.ModelForm):
    class Meta:
        model = Occasion
        fields = ["kind", "date", "note"]
        widgets = {**_date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["occasion", "kind", "date", "visitors", "note", "help_given", "help_amount"]
        widgets = {**_date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.member = member
        self.fields["occasion"].queryset = Occasion.objects.filter(member=member, visit__isnull=True).order_by("date")
        self.fields["occasion"].help_text = _("Choose the occasion on the to-do list that this visit answers, if any.")
        self.fields["kind"].required = False

    def clean(self):
        cleaned = super().clean()
        occasion = cleaned.get("occasion")
        if occasion is not None and not cleaned.get("kind"):
            cleaned["kind"] = occasion.kind
            self.instance.kind = occasion.kind
        if not cleaned.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose the occasion of the visit (one of the six must-visits)."))
        return cleaned

    def _post_clean(self):
        # the kind may come from the chosen occasion
        if self.cleaned_data.get("kind"):
            self.instance.kind = self.cleaned_data["kind"]
        super()._post_clean()


class BranchVisitForm(forms.ModelForm):
    class Meta:
        model = BranchVisit
        fields = ["organization", "date", "visitors", "discussed"]
        widgets = {**_date_widgets("date"), "discussed": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.visited_organizations(user)


class ServiceCaseForm(VersionedForm, forms.ModelForm):
    member_id_number = forms.CharField(
        label=_("Member's ID number"),
        required=False,
        max_length=30,
        help_text=_("The member the case is for (leave empty for a case of an enterprise)."),
    )

    class Meta:
        model = ServiceCase
        fields = [
            "kind",
            "summary",
            "organization",
            "enterprise",
            "opened",
            "closed",
            "outcome",
            "outcome_note",
            "amount",
            "people_served",
            "handled_by",
        ]
        widgets = {**_date_widgets("opened", "closed"), "outcome_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["organization"].required = False
        self.fields["organization"].help_text = _("Empty: the member's own organization.")
        self.fields["enterprise"].queryset = Enterprise.objects.order_by("name")
        self.fields["member_id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.instance.pk and self.instance.member_id and not self.is_bound:
            self.initial["member_id_number"] = self.instance.member.id_number

    def clean_member_id_number(self):
        number = normalize_id_number(self.cleaned_data.get("member_id_number", ""))
        if not number:
            self.instance.member = None
            return None
        member = (
            Member.objects.filter(organization__in=access.changeable_organizations(self.user), id_number=number)
            .select_related("organization")
            .first()
        )
        if member is None:
            raise forms.ValidationError(
                _(
                    "No member with the ID number %(number)s is kept by your organizations. Check the number, or add the member to the roster first."
                )
                % {"number": number}
            )
        self.instance.member = member
        return member

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member_id_number")
        if not cleaned.get("organization") and "organization" not in self.errors:
            if member is not None:
                cleaned["organization"] = member.organization
                self.instance.organization = member.organization
            elif "member_id_number" not in self.errors:
                self.add_error("organization", _("Choose the organization that handles the case."))
        return cleaned

    def _post_clean(self):
        if self.cleaned_data.get("organization") is not None:
            self.instance.organization = self.cleaned_data["organization"]
        super()._post_clean()

    def _update_errors(self, errors):
        # The model names the member field; the form asks for the member's ID number.
        if hasattr(errors, "error_dict") and "member" in errors.error_dict:
            errors.error_dict.setdefault("member_id_number", []).extend(errors.error_dict.pop("member"))
        super()._update_errors(errors)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["member"] = self.cleaned_data.get("member_id_number")
        return data


class ActivityForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "date", "organizer", "place", "notes"]
        widgets = {**_date_widgets("date"), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = access.changeable_organizations(user).order_by("path")


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
            "An .xlsx, .xls, .ods or .csv file with a header row holding at least three of: 姓名, 公民身份号码, 所在党组织, 联系电话, 备注."
        ),
    )


OCCASION_CHOICES = VisitOccasion.choices
