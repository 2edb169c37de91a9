"""The forms of the honours pages. The rules are the model's (its clean() asks
registry/honours/rules.py), so a form and the import refuse the same things in the same words; what
only a form knows — which members and organizations this user may name — is checked here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.versions import VersionedForm
from registry.idnumbers import normalize_id_number
from registry.models import Honour, Member, Representative

DATE_WIDGET = {"type": "date"}


def _date_input():
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


class _MemberByIdNumber:
    """A member named by their ID number, among those the user may change (former members too: a
    commendation may be posthumous)."""

    def member_named(self, number_field: str) -> Member | None:
        number = normalize_id_number(self.cleaned_data.get(number_field, ""))
        if not number:
            return None
        member = (
            Member.all_members.filter(organization__in=access.changeable_organizations(self.user), id_number=number)
            .select_related("organization")
            .first()
        )
        if member is None:
            raise forms.ValidationError(
                _(
                    "No member with the ID number %(number)s is kept by your organizations. "
                    "Check the number, or add the member to the roster first."
                )
                % {"number": number}
            )
        return member


class HonourForm(_MemberByIdNumber, VersionedForm, forms.ModelForm):
    member_id_number = forms.CharField(
        label=_("Member's ID number"),
        required=False,
        max_length=30,
        help_text=_("The member commended; leave it empty for a commendation of the organization itself."),
    )

    class Meta:
        model = Honour
        fields = ["organization", "title", "title_text", "body", "body_level", "date", "reason", "posthumous", "state"]
        widgets = {"date": _date_input(), "reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "title_text": _("Only for a local title: its words, e.g. 流动党员先进个人."),
            "body": _("The body that commends, e.g. 中共北京福建企业总商会委员会."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["organization"].required = False
        self.fields["organization"].help_text = _("The organization commended (for a member: theirs, left empty).")
        self.fields["member_id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.instance.pk:
            del self.fields["state"]  # decided on the commendation's page (nominated → approved or not)
            if self.instance.member_id and not self.is_bound:
                self.initial["member_id_number"] = self.instance.member.id_number
        else:
            self.fields["state"].choices = [
                (value, label) for value, label in Honour.State.choices if value != Honour.State.NOT_APPROVED
            ]

    def clean_member_id_number(self):
        member = self.member_named("member_id_number")
        self.instance.member = member
        return member

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member_id_number")
        if member is not None:
            cleaned["organization"] = self.instance.organization = member.organization
        elif not cleaned.get("organization") and not {"organization", "member_id_number"} & set(self.errors):
            self.add_error("organization", _("Name the member commended, or the organization."))
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
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["member"] = self.cleaned_data.get("member_id_number")
        if data["member"] is not None:
            del data["organization"]  # the member's, when commended (registry/honours/services.py)
        return data


class DecisionForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Honour.State.APPROVED, _("Approved")), (Honour.State.NOT_APPROVED, _("Not approved"))],
        widget=forms.RadioSelect,
    )


class RepresentativeForm(_MemberByIdNumber, VersionedForm, forms.ModelForm):
    member_id_number = forms.CharField(label=_("Member's ID number"), max_length=30)

    class Meta:
        model = Representative
        fields = ["body", "level", "term_start", "term_end"]
        widgets = {"term_start": _date_input(), "term_end": _date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["member_id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.instance.pk and not self.is_bound:
            self.initial["member_id_number"] = self.instance.member.id_number

    def clean_member_id_number(self):
        member = self.member_named("member_id_number")
        self.instance.member = member
        if member is not None:
            self.instance.organization = member.organization
        return member

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "member": self.cleaned_data["member_id_number"]}
