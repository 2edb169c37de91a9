"""The member form: the same validators as imports, dates to the day or the month."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Enterprise
from branches.phones import normalize_phone
from branches.versions import VersionedForm
from spreadsheets.dates import DAY, format_partial_date, parse_partial_date
from registry.idnumbers import normalize_id_number
from registry.models import PARTIAL_DATES, Member


class PartialDateField(forms.CharField):
    """A date typed as 2016-12-06, 2016.12.6, 2016年12月6日 — or 2016-12 when only the month is known."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("e.g. 2016-12-06 or 2016-12"), "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return parse_partial_date(value)


class MemberForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name", "id_number", "gender", "ethnicity", "birth_date", "education", "native_place",
            "joined", "made_full", "status", "category", "organization", "enterprise",
            "origin_organization", "origin_address", "left_home", "work_address", "occupation", "phone",
            "dues_paid_through", "registered_on", "lost_contact", "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PARTIAL_DATES:
            model_field = Member._meta.get_field(name)
            self.fields[name] = PartialDateField(label=model_field.verbose_name)
            if self.instance.pk and not self.is_bound:
                self.initial[name] = format_partial_date(
                    getattr(self.instance, name), getattr(self.instance, f"{name}_precision")
                )
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["enterprise"].queryset = Enterprise.objects.order_by("name")
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})
        self.fields["registered_on"].required = False
        self.fields["registered_on"].help_text = _("The day they came onto this roster. Empty: today.")
        self.fields["dues_paid_through"].help_text = _(
            "The latest month of the dues ledger. A later month typed here is kept in the ledger as declared (no amount)."
        )

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        for name in PARTIAL_DATES:
            partial = cleaned.get(name)
            precision = partial.precision if partial else DAY
            cleaned[name] = partial.date if partial else None
            cleaned[f"{name}_precision"] = precision
            # Member.clean compares a month-only birth date by month: it needs the precision now.
            setattr(self.instance, f"{name}_precision", precision)
        return cleaned

    def service_data(self) -> dict:
        """What the service receives: the cleaned fields, precisions included."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        for name in PARTIAL_DATES:
            data[f"{name}_precision"] = self.cleaned_data[f"{name}_precision"]
        return data
