"""Forms of the liaison letters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.versions import VersionedForm
from outreach.certificates.forms import DayField
from outreach.models import Channel, LiaisonLetter


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("half year"), choices=LiaisonLetter.Half.choices, coerce=int)

    def clean(self):
        cleaned = super().clean()
        year, half = cleaned.get("year"), cleaned.get("half")
        if year and half and LiaisonLetter(year=year, half=half).period_start > clock.today():
            raise forms.ValidationError(
                _("That half year has not begun yet: letters report on a half year that has."), code="future_period"
            )
        return cleaned


class LetterForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = LiaisonLetter
        fields = ["reference", "members_text", "organizations_text", "participation_text", "performance_text"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields[1:]}


class RegenerateForm(forms.Form):
    replace_edits = forms.BooleanField(label=_("replace my changes"), required=False)


class SentForm(forms.Form):
    sent_on = DayField(label=_("date sent"))
    sent_via = forms.ChoiceField(label=_("sent by"), choices=Channel.choices, initial=Channel.POST)
    sent_reference = forms.CharField(label=_("tracking or letter number"), max_length=100, required=False)
