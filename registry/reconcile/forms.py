from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Reconciliation


class ReconciliationForm(forms.Form):
    file = forms.FileField(label=_("The list (.xlsx, .xls, .ods or .csv)"))
    mode = forms.ChoiceField(
        label=_("Kind of list"), choices=Reconciliation.Mode.choices, initial=Reconciliation.Mode.HOME
    )
    home_organization = forms.CharField(
        label=_("Home organization"),
        max_length=150,
        required=False,
        help_text=_("The home organization whose list this is; leave empty when the list has a 流出党组织 column."),
    )
