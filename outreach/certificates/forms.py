"""Forms of the certificate register and of reverse issuance: dates typed as secretaries type them,
the member named by their ID number (an unknown one is refused with a sentence, not a 500)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branches.versions import VersionedForm
from outreach.models import Certificate, CertificateReview, Channel, ReverseIssuanceRequest
from registry.idnumbers import normalize_id_number
from spreadsheets.dates import DAY, format_partial_date, parse_partial_date


class DayField(forms.CharField):
    """A date to the day, typed as 2026-07-15, 2026.7.15, 20260715 or 2026年7月15日."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("e.g. 2026-07-15"), "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_partial_date(value) if hasattr(value, "isoformat") else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        partial = parse_partial_date(value)
        if partial.precision != DAY:
            raise ValidationError(
                _("Give the full date, with the day: for example 2026-07-15."), code="date_month_only"
            )
        return partial.date


class MemberByIdNumberField(forms.CharField):
    """The member, named by their citizen ID number; only members the user may change are found."""

    def __init__(self, *, members=None, **kwargs):
        kwargs.setdefault("label", _("Member's citizen ID number"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)
        self.members = members

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        number = normalize_id_number(value)
        member = self.members.filter(id_number=number).select_related("organization").first()
        if member is None:
            raise ValidationError(
                _(
                    "No member with the ID number %(number)s is on your roster. Check the number, or add the "
                    "member to the roster first."
                ),
                code="unknown_member",
                params={"number": number},
            )
        return member


class CertificateForm(VersionedForm, forms.ModelForm):
    issued_on = DayField(label=_("date issued"))
    left_on = DayField(label=_("date gone out"), required=False)

    class Meta:
        model = Certificate
        fields = ["number", "issuing_organization", "issued_on", "reason", "destination", "left_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, members=None, **kwargs):
        """With `members` (the scoped queryset the member is looked up in) the form creates a certificate."""
        super().__init__(*args, **kwargs)
        self.fields["issuing_organization"].required = False
        self.fields["issuing_organization"].help_text = _(
            "Leave empty to use the member's home organization on record."
        )
        if members is not None:
            self.fields = {"member": MemberByIdNumberField(members=members), **self.fields}

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class EndForm(forms.Form):
    ended_on = DayField(label=_("date ended"))
    end_reason = forms.ChoiceField(label=_("how it ended"), choices=Certificate.EndReason.choices)


class ReviewForm(forms.ModelForm):
    reviewed_on = DayField(label=_("date reviewed"))

    class Meta:
        model = CertificateReview
        fields = ["reviewed_on", "reviewed_by", "passed", "notes"]


class RequestForm(VersionedForm, forms.ModelForm):
    left_on = DayField(label=_("date gone out"), required=False)
    filed_on = DayField(label=_("date filled in"))

    class Meta:
        model = ReverseIssuanceRequest
        fields = ["home_organization", "home_address", "reason", "destination", "left_on", "filed_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_organization"].required = False
        self.fields["home_organization"].help_text = _("Leave empty to use the member's home organization on record.")
        if members is not None:
            self.fields = {"member": MemberByIdNumberField(members=members), **self.fields}

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        if member is not None and not cleaned.get("home_organization") and not member.origin_organization:
            self.add_error(
                "home_organization",
                ValidationError(
                    _("The roster does not say which home organization %(name)s comes from: write it here."),
                    code="home_organization_unknown",
                    params={"name": member.name},
                ),
            )
        return cleaned

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class SentForm(forms.Form):
    sent_on = DayField(label=_("date sent"))
    sent_via = forms.ChoiceField(label=_("sent by"), choices=Channel.choices, initial=Channel.EXPRESS)
    sent_reference = forms.CharField(label=_("tracking or letter number"), max_length=100, required=False)


class VerifiedForm(forms.Form):
    verified_on = DayField(label=_("date verified"))
    number = forms.CharField(
        label=_("certificate number"),
        max_length=50,
        required=False,
        help_text=_("If the home organization issued the certificate with its verification, write its number."),
    )
    issued_on = DayField(
        label=_("date the certificate was issued"),
        required=False,
        help_text=_("Leave empty when it is the date verified."),
    )


class IssuedForm(forms.Form):
    number = forms.CharField(label=_("certificate number"), max_length=50)
    issued_on = DayField(label=_("date the certificate was issued"))


class RefuseForm(forms.Form):
    refused_on = DayField(label=_("date refused"))
    refusal_reason = forms.CharField(label=_("reason for refusal"), widget=forms.Textarea(attrs={"rows": 2}))
