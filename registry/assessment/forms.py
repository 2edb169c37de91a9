"""The assessment's forms: a year's weights, a hand score, re-opening a year, the secretary's annual
report and its grade. The rules themselves are the services' (registry/assessment/rules.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.assessment import rules


class SchemeForm(forms.Form):
    """One weight per item of the year's scheme (`weight_<key>`)."""

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        for item in scheme.items:
            self.fields[f"weight_{item['key']}"] = forms.IntegerField(
                label=rules.item_label(item["key"]),
                min_value=0,
                max_value=100,
                initial=item["weight"],
                help_text=_("Computed from the records") if rules.is_computed(item["key"]) else _("Scored by hand"),
            )

    def weights(self) -> dict[str, int]:
        return {name.removeprefix("weight_"): value for name, value in self.cleaned_data.items()}


class HandScoreForm(forms.Form):
    item = forms.ChoiceField(label=_("Item"))
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=1, max_digits=5)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            (item["key"], f"{rules.item_label(item['key'])} (0–{item['weight']})")
            for item in scheme.items
            if not rules.is_computed(item["key"])
        ]


class CloseForm(forms.Form):
    """Closing a year asks nothing: the form carries the service's refusal back to the page."""


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for re-opening"), max_length=200)


class AnnualReportForm(forms.Form):
    file = forms.FileField(label=_("Secretary's annual report"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A PDF, a Word document (.docx) or a photo, at most %(limit)s MB.") % {
            "limit": f"{settings.REGISTRY_ATTACHMENT_MAX_BYTES / 1024 / 1024:g}"
        }


class ReportGradeForm(forms.Form):
    grade = forms.ChoiceField(label=pgettext_lazy("assessment", "Grade"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(name, name) for name in rules.grade_names()]
