"""The options an action asks once for all the members it touches. Each form takes `user=` and hands
the action its keyword arguments through `options()` (registry/bulk/actions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from registry.models import LostContactCase


def _date_field(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=clock.today
    )


class NoOptionsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

    def options(self) -> dict:
        return {}


class MoveForm(NoOptionsForm):
    """Where to: among the organizations the user keeps (a secretary's subtree)."""

    organization = forms.ModelChoiceField(label=_("Move to"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")

    def options(self) -> dict:
        return {"organization": self.cleaned_data["organization"]}


class LostContactForm(NoOptionsForm):
    date = _date_field(_("Contact lost on"))
    reason = forms.ChoiceField(label=_("Reason"), choices=LostContactCase.Reason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def options(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("date", "reason", "note")}


class ContactFoundForm(NoOptionsForm):
    date = _date_field(_("Contact restored on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def options(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("date", "note")}
