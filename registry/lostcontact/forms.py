"""The form of a search made for a member lost contact; the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import clock


class SearchForm(forms.Form):
    date = forms.DateField(label=_("Searched on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    method = forms.CharField(
        label=_("How"),
        max_length=100,
        help_text=_("A phone call, a visit, a letter to the home organization, a public notice …"),
    )
    result = forms.CharField(label=_("Result"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = clock.today()
