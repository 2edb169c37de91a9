"""The forms of committees: an election with its candidates and votes, a post, the end of a post, a
term's postponement and the secretary's approval. The forms read what was typed; the rules are the
services' (rules.py), whose refusals are shown on the form (branches.refusals.show_refusal)."""

from django import forms
from django.conf import settings
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.models import Organization
from registry.committees import rules
from registry.committees.own_settings import own_settings
from registry.development.forms import DateInput, date_field
from registry.models import CommitteeMembership, GatheringKind
from registry.orglife.compliance.rules import FREQUENCY_LABELS

CANDIDATE_ROWS = 10  # a committee of 7 needs 9 candidates (20 % more than the seats)
Post = CommitteeMembership.Post


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name}（{member.organization.name}）"


class SharedChoices(BaseChoiceIterator):
    """Choices read once and offered by several fields (an iterator, which a field takes as it is: a
    list would be checked and copied again by each field and its widget)."""

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class ElectionForm(forms.Form):
    """An election (换届选举): the vote's figures, the candidates with their votes, then the
    secretary and the deputy chosen among those elected, and the approval of the committee above."""

    number = forms.IntegerField(label=_("Term number"), min_value=1, max_value=99)
    held_on = date_field(_("Election date"))
    term_years = forms.IntegerField(
        label=_("Term (years)"), min_value=rules.TERM_YEARS_RANGE[0], max_value=rules.TERM_YEARS_RANGE[1]
    )
    voters_expected = forms.IntegerField(
        label=_("Voting members expected"),
        min_value=0,
        max_value=100_000,
        help_text=_(
            "Full members whose membership is held here, not under 留党察看: %(count)d on the roster of the "
            "organization and those below it."
        ),
    )
    voters_present = forms.IntegerField(label=_("Voting members present"), min_value=0, max_value=100_000)
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=15,
        help_text=_("How many were to be elected: 3 to 5 (at most 7) for a branch committee, 1 for a secretary alone."),
    )
    secretary = MemberChoiceField(label=_("Secretary"), queryset=None, required=False)
    secretary_pool = forms.ChoiceField(
        label=_("Secretary drawn from"),
        choices=[("", "—"), *CommitteeMembership.SecretaryPool.choices],
        required=False,
    )
    deputy = MemberChoiceField(label=_("Deputy secretary"), queryset=None, required=False)
    secretary_approved_by = forms.CharField(label=_("Secretary approved by"), max_length=150, required=False)
    secretary_approved_on = date_field(_("Secretary approved on"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, eligible, voters: int, next_number: int, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "number": next_number,
                "held_on": clock.today(),
                # The committee's own term for the level, else the deployment's (one query).
                "term_years": rules.term_years_for(organization.level, organization, own_settings()),
                "voters_expected": voters,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["voters_expected"].help_text = self.fields["voters_expected"].help_text % {"count": voters}
        for name in ("secretary", "deputy"):
            self.fields[name].queryset = eligible
        for row in range(1, CANDIDATE_ROWS + 1):
            self.fields[f"candidate_{row}"] = MemberChoiceField(label=_("Candidate"), queryset=eligible, required=False)
            self.fields[f"votes_{row}"] = forms.IntegerField(
                label=_("Votes"), min_value=0, max_value=100_000, required=False
            )
        # The selects all offer the same members: read them once (each field would query and label them
        # again, a third of a second for the demo's committee); a choice is still checked against `eligible`.
        members = SharedChoices(list(self.fields["secretary"].choices))
        for name in ("secretary", "deputy", *(f"candidate_{row}" for row in range(1, CANDIDATE_ROWS + 1))):
            self.fields[name].choices = members

    def candidate_rows(self):
        """(candidate field, votes field) per row, for the template's table."""
        return [(self[f"candidate_{row}"], self[f"votes_{row}"]) for row in range(1, CANDIDATE_ROWS + 1)]

    def clean(self):
        cleaned = super().clean()
        candidates, seen = [], set()
        for row in range(1, CANDIDATE_ROWS + 1):
            member, votes = cleaned.get(f"candidate_{row}"), cleaned.get(f"votes_{row}")
            if member is None and votes is None:
                continue
            if member is None:
                self.add_error(f"candidate_{row}", _("Choose the candidate who received these votes."))
            elif votes is None:
                self.add_error(f"votes_{row}", _("Enter the votes this candidate received (0 if none)."))
            elif member.pk in seen:
                self.add_error(f"candidate_{row}", _("This candidate is listed twice."))
            else:
                seen.add(member.pk)
                candidates.append((member, votes))
        if not candidates and not self.errors:
            self.add_error(None, _("List the candidates and the votes each received."))
        cleaned["candidates"] = candidates
        return cleaned


def post_choices() -> list[tuple[str, str]]:
    """The posts a form offers: the six, then the other posts' words (REGISTRY_COMMITTEE_OTHER_POSTS)."""
    return [(value, label) for value, label in Post.choices if value != Post.OTHER] + [
        (f"other:{word}", word) for word in settings.REGISTRY_COMMITTEE_OTHER_POSTS
    ]


class PostForm(forms.Form):
    """A post on the committee outside an election: a secretary appointed, a member co-opted."""

    member = MemberChoiceField(label=_("Party member"), queryset=None)
    post = forms.ChoiceField(label=_("Post"), choices=())
    started_on = date_field(_("In office from"))
    secretary_pool = forms.ChoiceField(
        label=_("Secretary drawn from"),
        choices=[("", "—"), *CommitteeMembership.SecretaryPool.choices],
        required=False,
    )

    def __init__(self, *args, eligible, **kwargs):
        kwargs.setdefault("initial", {"started_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = eligible
        self.fields["post"].choices = post_choices()

    def post_and_title(self) -> tuple[str, str]:
        value = self.cleaned_data["post"]
        return (Post.OTHER, value.split(":", 1)[1]) if value.startswith("other:") else (value, "")


class PostEndForm(forms.Form):
    ended_on = date_field(_("Left office on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": clock.today()})
        super().__init__(*args, **kwargs)


class PostponementForm(forms.Form):
    until = date_field(_("Postponed until"))
    approved_by = forms.CharField(label=_("Approved by"), max_length=150)
    approved_on = date_field(_("Approved on"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApprovalForm(forms.Form):
    secretary_approved_by = forms.CharField(label=_("Secretary approved by"), max_length=150)
    secretary_approved_on = forms.DateField(label=_("Secretary approved on"), widget=DateInput())


class OwnSettingsForm(forms.Form):
    """A committee's own frequencies (`frequency_<kind>`) and terms (`term_years_<level>`): empty follows
    the deployment's setting, shown in the choice or the help text. The years are checked by the service
    (rules.term_years_refusal), as for an election."""

    def __init__(self, *args, row, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, default in settings.REGISTRY_MEETING_FREQUENCIES.items():
            as_registry = _("As the registry: %(frequency)s") % {"frequency": FREQUENCY_LABELS.get(default, default)}
            self.fields[f"frequency_{kind}"] = forms.ChoiceField(
                label=GatheringKind.Kind(kind).label if kind in GatheringKind.Kind.values else kind,
                choices=[("", as_registry), *FREQUENCY_LABELS.items()],
                required=False,
                initial=row.meeting_frequencies.get(kind, ""),
            )
        for level, default in settings.REGISTRY_TERM_YEARS.items():
            self.fields[f"term_years_{level}"] = forms.IntegerField(
                label=Organization.Level(level).label if level in Organization.Level.values else level,
                required=False,
                initial=row.term_years.get(level),
                help_text=_("Empty: %(years)s years, as the registry.") % {"years": default},
            )

    def frequencies(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"frequency_{kind}"] for kind in settings.REGISTRY_MEETING_FREQUENCIES}

    def term_years(self) -> dict[str, int | None]:
        return {level: self.cleaned_data[f"term_years_{level}"] for level in settings.REGISTRY_TERM_YEARS}
