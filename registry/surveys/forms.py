"""Forms of survey rounds: the round itself, one organization's count, a workbook to import."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.versions import VersionedForm
from registry.models import SurveyCount, SurveyRound


class SurveyRoundForm(VersionedForm, forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels used"),
        choices=SurveyRound.Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SurveyRound
        fields = ["name", "started", "ended", "channels", "notes"]
        widgets = {
            "started": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CountField(forms.IntegerField):
    """A number of people: a whole number, 0 or more. Full-width digits and 人 are accepted as in the import."""

    default_error_messages = {
        "invalid": _("Write a whole number of people, such as 3."),
        "min_value": _("A number of people cannot be negative."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=1_000_000, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().removesuffix("人").strip()
        return super().to_python(value)


class SurveyCountForm(VersionedForm, forms.Form):
    """One organization's count. The organizations offered are those the user may change."""

    organization = forms.ModelChoiceField(
        label=_("Party organization"),
        queryset=None,
        error_messages={
            "invalid_choice": _("Choose one of the organizations you keep; this one is unknown or not yours.")
        },
    )
    members = CountField(label=_("Members found"))
    self_managed = CountField(label=_("of which self-managed"), required=False)
    registered_mobile = CountField(label=_("of which registered mobile"), required=False)
    probationary = CountField(label=_("of which probationary"), required=False)
    activists = CountField(label=_("Activists"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.changeable_organizations(user).order_by("path")

    def clean(self):
        data = super().clean()
        members = data.get("members")
        if members is None:
            return data
        parts = (data.get("self_managed") or 0) + (data.get("registered_mobile") or 0)
        if parts > members:
            self.add_error(
                "registered_mobile",
                _(
                    "Self-managed and registered mobile members together (%(parts)d) cannot be more than the "
                    "members found (%(members)d)."
                )
                % {"parts": parts, "members": members},
            )
        if (data.get("probationary") or 0) > members:
            self.add_error(
                "probationary",
                _("Probationary members (%(count)d) cannot be more than the members found (%(members)d).")
                % {"count": data["probationary"], "members": members},
            )
        return data

    def figures(self) -> dict:
        return {figure: self.cleaned_data.get(figure) for figure in SurveyCount.FIGURES}


class SurveyImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx, .xls, .ods or .csv)"))
