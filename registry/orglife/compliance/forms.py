"""The committee's exemption form: which organization, which kind of meeting, a day in the period
excused (the month, quarter or year it falls in, by the kind's frequency), and why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.filtering import FIRST_YEAR, LAST_YEAR
from branches.models import Organization
from registry.orglife.compliance.filters import OWED_KIND_CHOICES


class ExemptionForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Party organization"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=OWED_KIND_CHOICES)
    day = forms.DateField(
        label=_("Period excused"),
        help_text=_("Any day in it: the month, quarter or year it falls in, by how often the meeting is owed."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: most members home for the Spring Festival."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a day from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day
