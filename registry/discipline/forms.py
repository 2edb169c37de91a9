"""The discipline form of a member's page; the rules are the service's (registry/discipline/rules.py),
a refusal comes back onto the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import clock
from registry.models import Discipline

DATE_WIDGET = {"type": "date"}


class DisciplineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Discipline"), choices=Discipline.Kind.choices)
    date = forms.DateField(
        label=_("Decided on (as approved)"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    deciding_organization = forms.CharField(label=_("Deciding party organization"), max_length=150)
    breach = forms.ChoiceField(
        label=_("Kind of breach"), choices=[("", "—"), *Discipline.Breach.choices], required=False
    )
    # No choices here: 1 or 2 years is the rules', refused in their words.
    term_years = forms.IntegerField(
        label=_("Term (years)"),
        min_value=0,
        max_value=99,
        required=False,
        help_text=_("留党察看 only: one year or two."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = clock.today()

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
