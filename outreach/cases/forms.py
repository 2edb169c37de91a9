"""The service ledger's form. Rules that belong to a record (a closed case has an outcome…) live in
the model's clean(), which the form and the services both run; what only a form knows (which
members a secretary may name) is checked here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Enterprise
from branches.versions import VersionedForm
from outreach.models import ServiceCase
from outreach.widgets import date_widgets
from registry.idnumbers import normalize_id_number
from registry.models import Member


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
        widgets = {**date_widgets("opened", "closed"), "outcome_note": forms.Textarea(attrs={"rows": 2})}

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
                    "No member with the ID number %(number)s is kept by your organizations. "
                    "Check the number, or add the member to the roster first."
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
