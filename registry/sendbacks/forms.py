from django import forms
from django.utils.translation import gettext_lazy as _


class SendBackForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the secretary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
