"""Forms of the contact work. Rules that belong to a record (no date in the future…) live in the
models' clean(), which the forms and services both run; what only a form knows (which
organizations a secretary may name) is checked here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.phones import normalize_phone
from outreach.models import Contact, DesignatedContact
from outreach.widgets import date_widgets


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["date", "channel", "made_by", "note"]
        widgets = {**date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}


class LostContactForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=80)


class DesignatedContactForm(forms.ModelForm):
    class Meta:
        model = DesignatedContact
        fields = ["organization", "name", "phone", "since", "notes"]
        widgets = {**date_widgets("since"), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""
