"""The member form: the same validators as imports, dates to the day or the month (partial_dates)."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Enterprise
from branches.phones import normalize_phone
from branches.versions import VersionedForm
from registry.idnumbers import normalize_id_number
from registry.members import selectors
from registry.members.partial_dates import PartialDatesForm
from registry.models import Member


class MemberForm(PartialDatesForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "id_number",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "native_place",
            "joined",
            "made_full",
            "status",
            "category",
            "organization",
            "enterprise",
            "origin_organization",
            "origin_address",
            "left_home",
            "work_address",
            "occupation",
            "post_category",
            "phone",
            "dues_paid_through",
            "registered_on",
            "lost_contact",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["enterprise"].queryset = Enterprise.objects.order_by("name_sort")
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})
        self.fields["registered_on"].required = False
        self.fields["registered_on"].help_text = _("The day they came onto this roster. Empty: today.")
        self.fields["dues_paid_through"].help_text = _(
            "The latest month of the dues ledger. A later month typed here is kept in the ledger as declared "
            "(no amount)."
        )

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def validate_unique(self):
        """The ID number is taken: say so in words, with what to do — a link to the record where the
        user sees it; otherwise ask the committee office, which sees where they are and can move
        them (without telling a secretary which other branch holds them)."""
        super().validate_unique()
        if not self.has_error("id_number", "unique"):
            return
        holder = selectors.registered_member_seen_by(
            self.user, self.cleaned_data.get("id_number") or self.data.get("id_number", ""), other_than=self.instance.pk
        )
        if holder is not None:
            message = format_html(
                _(
                    '{name} is already registered, in {organization}: <a href="{url}">open their record</a> '
                    "and change it there instead of registering them again."
                ),
                name=holder.name,
                organization=holder.organization,
                url=reverse("registry:member_detail", args=[holder.pk]),
            )
        else:
            message = _(
                "This person is already registered, in an organization you do not keep. Ask the committee "
                "office: it sees where they are and can move them to your organization."
            )
        self._errors["id_number"] = self.error_class([message])

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def service_data(self) -> dict:
        """What the service receives: the cleaned fields, precisions included."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        for name in self.partial_dates():
            data[f"{name}_precision"] = self.cleaned_data[f"{name}_precision"]
        return data
