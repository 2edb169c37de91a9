"""The forms of development: a new applicant, their details, and one form per step. The forms read
what was typed; the rules (intervals, age, notices, introducers) are the services' (rules.py), whose
refusals are shown on the form (branches.refusals.show_refusal)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.phones import normalize_phone
from branches.versions import VersionedForm
from registry.development import rules
from registry.idnumbers import normalize_id_number
from registry.models import Candidate, Member, Notice

NAME_SEPARATORS = re.compile(r"[、，,;；\s]+")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, required=True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def split_names(text: str) -> list[str]:
    names = []
    for name in NAME_SEPARATORS.split(text or ""):
        if name and name not in names:
            names.append(name)
    return names


class CandidateForm(forms.ModelForm):
    """A new applicant (入党申请人)."""

    class Meta:
        model = Candidate
        fields = ["name", "id_number", "organization", "phone", "applied", "talked", "notes"]
        widgets = {"applied": DateInput(), "talked": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = self.fields["organization"]
        organizations.queryset = access.changeable_organizations(user).order_by("path")
        # A temporary branch or a party group holds no candidates (rules.holder_refusal): not offered,
        # and refused by name when posted all the same.
        organizations.choices = [("", organizations.empty_label)] + [
            (organization.pk, organizations.label_from_instance(organization))
            for organization in organizations.queryset
            if organization.level not in rules.CANNOT_HOLD
        ]
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        refusal = rules.holder_refusal(organization)
        if refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code)
        return organization

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""


class CandidateEditForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""


# --- the steps ------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step on one candidate: a date, and what the step needs besides."""

    date = date_field(_("Date"))

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        self.candidate, self.user = candidate, user
        super().__init__(*args, **kwargs)


class ActivistForm(StepForm):
    contact_persons = forms.CharField(
        label=_("Contact persons"),
        max_length=100,
        help_text=_("One or two names, separated by 、 or a comma."),
    )

    def clean_contact_persons(self):
        return split_names(self.cleaned_data["contact_persons"])


class AssessmentForm(StepForm):
    assessor = forms.CharField(label=_("Assessed by"), max_length=100)
    remark = forms.CharField(label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def default_notice_text(candidate: Candidate, decision: str) -> str:
    sentence = {
        Notice.Decision.TARGET: _("The branch intends to choose comrade %(name)s as a development target."),
        Notice.Decision.ADMISSION: _("The branch intends to admit comrade %(name)s as a probationary member."),
        Notice.Decision.FULL: _("The branch intends to make comrade %(name)s a full member."),
    }[decision] % {"name": candidate.name}
    return (
        str(sentence)
        + " "
        + str(
            _(
                "This is made public for comment. Anyone with an objection may raise it with %(organization)s "
                "during the notice."
            )
            % {"organization": candidate.organization.name}
        )
    )


class NoticeForm(StepForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Notice.Decision.choices)
    text = forms.CharField(label=_("Text of the notice"), widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["decision", "date", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Notice starts on")


class _NoticeChoice(StepForm):
    """A form about one of the candidate's open notices."""

    notice = forms.TypedChoiceField(label=_("Public notice"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].choices = [
            (notice.pk, str(notice)) for notice in self.candidate.notices.all() if notice.is_open
        ]

    def clean_notice(self):
        return next(notice for notice in self.candidate.notices.all() if notice.pk == self.cleaned_data["notice"])


class ObjectionForm(_NoticeChoice):
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Raised on")


class WithdrawForm(_NoticeChoice):
    pass


class ResolveForm(StepForm):
    objection = forms.TypedChoiceField(label=_("Objection"), coerce=int)
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Resolved on")
        self.fields["objection"].choices = [
            (objection.pk, f"{objection.raised_on:%Y-%m-%d} {objection.text[:30]}")
            for notice in self.candidate.notices.all()
            for objection in notice.objections.all()
            if objection.resolved_on is None
        ]

    def clean_objection(self):
        pk = self.cleaned_data["objection"]
        return next(o for notice in self.candidate.notices.all() for o in notice.objections.all() if o.pk == pk)


class IntroducerField(forms.ModelChoiceField):
    """A member of the roster the user sees, by ID number (offered from a list of suggestions)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Member.objects.none(),
            to_field_name="id_number",
            required=False,
            widget=forms.TextInput(
                attrs={"list": "introducer-suggestions", "autocomplete": "off", "spellcheck": "false"}
            ),
            error_messages={
                "invalid_choice": _(
                    "No member with this ID number is on the roster you keep: an introducer is a member on the roster."
                )
            },
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(normalize_id_number(value) if value else value)


class PoliticalReviewForm(StepForm):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Candidate.PoliticalReview.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Concluded on")


class TrainingForm(StepForm):
    hours = forms.IntegerField(
        label=_("Class hours"),
        min_value=1,
        max_value=999,
        help_text=_("At least 3 days or %(hours)d class hours.") % {"hours": rules.TRAINING_HOURS},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Completed on")


class ApplicationFormForm(StepForm):
    number = forms.CharField(label=_("Number of the application form (入党志愿书)"), max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Issued on")


def _count_field(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=9999)


class AdmitForm(StepForm):
    """The branch meeting's vote on the admission, with the two introducers. Who has a vote is not
    typed: the service counts it from the roster on the meeting's day (selectors.voters_on)."""

    introducer_1 = IntroducerField(label=_("First introducer (ID number)"))
    introducer_2 = IntroducerField(label=_("Second introducer (ID number)"))
    vote_present = _count_field(_("Members with a vote present"))
    vote_for = _count_field(_("Votes for"))

    def __init__(self, *args, introducers=None, voters: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Admitted by the branch meeting on")
        for name in ("introducer_1", "introducer_2"):
            self.fields[name].queryset = introducers if introducers is not None else Member.objects.none()
        if voters is not None:
            self.fields["vote_present"].help_text = _(
                "Today %(count)d members have a vote: full members whose membership is held here, not under "
                "留党察看. More than half of them must be present, and more than half of them vote for."
            ) % {"count": voters}

    def introducers(self) -> list[Member]:
        chosen = []
        for name in ("introducer_1", "introducer_2"):
            member = self.cleaned_data.get(name)
            if member is not None and member not in chosen:
                chosen.append(member)
        return chosen


class ApprovalForm(StepForm):
    which = forms.ChoiceField(
        label=_("Approval of"),
        choices=[
            ("admission", _("admission")),
            ("extension", _("extension of the probation")),
            ("full", _("full membership")),
        ],
    )


class ExtendForm(StepForm):
    months = forms.IntegerField(
        label=_("Extended by (months)"),
        min_value=1,
        max_value=24,
        help_text=_("6 to 12 months, decided once, when the probation ends."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Decided by the branch meeting on")


class FullForm(StepForm):
    """The branch meeting's decision on full membership. 转正时间 is not typed: it is the day the
    probation ended (rules.end_of_probation), whatever the day of the decision."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Decided by the branch meeting on")
        self.fields["date"].help_text = (
            _("转正时间 will be %(date)s, the day the probation ends.")
            % {
                "date": rules.end_of_probation(
                    self.candidate.admitted, self.candidate.probation_extension_months
                ).isoformat()
            }
            if self.candidate.admitted
            else ""
        )


class CancelForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)
