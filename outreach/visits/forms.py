"""Forms of the visits: an occasion that calls for a visit, a visit (one of the six must-visits), a
committee visit to a branch. Rules that belong to a record live in the models' clean()."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import BranchVisit, Occasion, Visit
from outreach.visits import selectors
from outreach.widgets import date_widgets
from registry.models import Member


class OccasionForm(forms.ModelForm):
    class Meta:
        model = Occasion
        fields = ["kind", "date", "note"]
        widgets = {**date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["occasion", "kind", "date", "visitors", "note", "help_given", "help_amount"]
        widgets = {**date_widgets("date"), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.member = member
        self.fields["occasion"].queryset = Occasion.objects.filter(member=member, visit__isnull=True).order_by("date")
        self.fields["occasion"].help_text = _("Choose the occasion on the to-do list that this visit answers, if any.")
        self.fields["kind"].required = False

    def clean(self):
        cleaned = super().clean()
        occasion = cleaned.get("occasion")
        if occasion is not None and not cleaned.get("kind"):
            cleaned["kind"] = occasion.kind
            self.instance.kind = occasion.kind
        if not cleaned.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose the occasion of the visit (one of the six must-visits)."))
        return cleaned

    def _post_clean(self):
        # the kind may come from the chosen occasion
        if self.cleaned_data.get("kind"):
            self.instance.kind = self.cleaned_data["kind"]
        super()._post_clean()


class BranchVisitForm(forms.ModelForm):
    class Meta:
        model = BranchVisit
        fields = ["organization", "date", "visitors", "discussed"]
        widgets = {**date_widgets("date"), "discussed": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.visited_organizations(user)
