"""The forms of the appraisal's pages: a round (its organization and year when it is made, then the days
of its steps), and the grading of a whole round in one form — a row per member, their fields named
`<field>_<member id>`, which is also how the service keys a row's refusal. The rules are the
services' (registry/appraisal/rules.py); what only a form knows (where this user may hold a round)
is checked here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.filtering import YearField
from branches.versions import VersionedForm
from registry.appraisal import services
from registry.models import AppraisalResult, AppraisalRound

DATE_FIELDS = services.DATE_FIELDS


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RoundForm(VersionedForm, forms.Form):
    """The days of a round's steps and its notes (an existing round: `instance`)."""

    study_on = _date_field(_("Study"), _("学习教育: the members study the standards of a qualified member."))
    self_assessment_on = _date_field(
        _("Self-assessment"), _("个人自评 and 党员互评, at the organizational life meeting.")
    )
    vote_on = _date_field(_("Members' vote"), _("民主测评: each member votes a grade for every other."))
    decided_on = _date_field(_("Branch's decision"), _("组织评定: the branch decides the grades (and any outcome)."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, instance: AppraisalRound | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in (*DATE_FIELDS, "notes")})
        super().__init__(*args, **kwargs)

    def round_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DATE_FIELDS} | {
            "notes": self.cleaned_data.get("notes", "")
        }


class RoundCreateForm(RoundForm):
    """A new round: where (an organization this user may change, not a party group) and which year."""

    organization = forms.ModelChoiceField(label=_("Party organization"), queryset=AppraisalRound.objects.none())
    year = YearField(label=_("Year appraised"))
    field_order = ["organization", "year", *DATE_FIELDS, "notes"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def service_data(self) -> services.RoundData:
        return services.RoundData(year=self.cleaned_data["year"], **self.round_data())


GRADE_CHOICES = [("", _("— not graded —")), *AppraisalResult.Grade.choices]
OUTCOME_CHOICES = [("", "—"), *AppraisalResult.Outcome.choices]
VOTE_LABELS = {
    "votes_excellent": _("Votes: excellent"),
    "votes_qualified": _("Votes: qualified"),
    "votes_basically_qualified": _("Votes: basically qualified"),
    "votes_unqualified": _("Votes: unqualified"),
}


class GradingForm(forms.Form):
    """The grading of a round: one row per participant (selectors.participants) whose result may still
    change — a former member's result, or one whose departure was recorded, is shown, not posted. A
    probationary member's row has no grade (they take part without one)."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        any_result = any(row.result is not None for row in participants)
        for participant in participants:
            if participant.fixed or not participant.on_roster:
                self.rows.append({"participant": participant, "fields": None})
                continue
            pk, result = participant.member.pk, participant.result
            fields = {
                "took_part": forms.BooleanField(
                    label=_("Takes part"),
                    required=False,
                    initial=result is not None or not any_result,
                ),
            }
            for name, label in VOTE_LABELS.items():
                fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=32767,
                    initial=getattr(result, name, None),
                    widget=forms.NumberInput(attrs={"class": "votes", "min": 0}),
                )
            if not participant.probationary:
                fields["grade"] = forms.ChoiceField(
                    label=_("Grade"), choices=GRADE_CHOICES, required=False, initial=getattr(result, "grade", "")
                )
            fields["outcome"] = forms.ChoiceField(
                label=_("Action taken"), choices=OUTCOME_CHOICES, required=False, initial=getattr(result, "outcome", "")
            )
            fields["deadline"] = forms.DateField(
                label=_("Correct by"),
                required=False,
                initial=getattr(result, "correction_deadline", None),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            for name, field in fields.items():
                self.fields[f"{name}_{pk}"] = field
            self.rows.append({"participant": participant, "fields": [f"{name}_{pk}" for name in fields]})

    def bound_rows(self) -> list[dict]:
        """The rows for the template: each participant with its bound fields by name (None: shown only)."""
        shown = []
        for row in self.rows:
            pk = row["participant"].member.pk
            fields = None
            if row["fields"] is not None:
                fields = {name.removesuffix(f"_{pk}"): self[name] for name in row["fields"]}
            shown.append({"participant": row["participant"], "fields": fields})
        return shown

    def gradings(self) -> list[services.Grading]:
        data, found = self.cleaned_data, []
        for row in self.rows:
            if row["fields"] is None:
                continue
            member = row["participant"].member
            pk = member.pk
            found.append(
                services.Grading(
                    member=member,
                    took_part=bool(data.get(f"took_part_{pk}")),
                    votes=tuple(data.get(f"{name}_{pk}") for name in VOTE_LABELS),
                    grade=data.get(f"grade_{pk}") or "",
                    outcome=data.get(f"outcome_{pk}") or "",
                    deadline=data.get(f"deadline_{pk}"),
                )
            )
        return found
