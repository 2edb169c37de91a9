"""Every write to liaison letters. Drafts come from the records; staff edit them; a draft is
regenerated only on request and never replaces staff's words without being told to; a sent
letter is the record of what was sent and no longer changes."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import clock
from branches.services import recorded_change, save_with_history
from outreach.certificates.services import restored_on_error
from outreach.committee import letter_members_of, letters_committee
from outreach.letters.drafting import Draft, drafts_for
from outreach.models import LiaisonLetter

EDITABLE_FIELDS = ("reference", "members_text", "organizations_text", "participation_text", "performance_text")


def _apply_draft(letter: LiaisonLetter, draft: Draft) -> None:
    letter.member_count = draft.member_count
    for name, text in draft.texts().items():
        setattr(letter, name, text)
    letter.roster = draft.roster
    letter.generated_at = timezone.now()
    letter.generated_fingerprint = draft.fingerprint


def _last_number(committee, year: int) -> int:
    """The committee's last reference number of `year`: each committee numbers its own letters."""
    letters = LiaisonLetter.objects.filter(committee=committee, reference_year=year)
    return letters.aggregate(last=Max("reference_number"))["last"] or 0


def _number(letter: LiaisonLetter, year: int, number: int) -> None:
    """Gives the letter reference number (文号) `number` of `year`, in its committee's pattern
    (Organization.letter_reference, else settings.REGISTRY_LETTER_REFERENCE, with {year} and {n}):
    numbered in the order drafted."""
    letter.reference_year, letter.reference_number = year, number
    pattern = letter.committee.letter_reference or settings.REGISTRY_LETTER_REFERENCE
    letter.reference = pattern.format(year=year, n=number)


@transaction.atomic
def letter_number(*, letter: LiaisonLetter, actor) -> LiaisonLetter:
    """Numbers a letter that has no reference number yet (one drafted before numbering, or whose
    number was cleared by hand)."""
    _refuse_if_sent(letter)
    if letter.reference.strip():
        raise ValidationError(
            _("This letter already has the reference number %(reference)s.") % {"reference": letter.reference},
            code="numbered",
        )
    year = clock.today().year
    _number(letter, year, _last_number(letter.committee, year) + 1)
    save_with_history(letter, actor=actor, reason=_("reference number given"))
    return letter


@transaction.atomic
def letters_generate(*, year: int, half: int, actor) -> dict:
    """Drafts the half year's letters of the actor's committee (letters_committee): one per home
    organization that has members in it and no letter from it for that half year yet. Letters
    already there are left exactly as they are."""
    committee = letters_committee(actor)
    if committee is None:
        raise ValidationError(
            _("There is no party committee at the top of the organization tree to sign the letters. Add it first.")
        )
    existing = set(
        LiaisonLetter.objects.filter(committee=committee, year=year, half=half).values_list(
            "home_organization", flat=True
        )
    )
    created = []
    numbered_in = clock.today().year
    number = _last_number(committee, numbered_in)
    for home, draft in drafts_for(year, half, reported=letter_members_of(committee)).items():
        if home in existing:
            continue
        letter = LiaisonLetter(home_organization=home, year=year, half=half, committee=committee)
        _apply_draft(letter, draft)
        number += 1
        _number(letter, numbered_in, number)
        save_with_history(letter, actor=actor, reason=_("drafted from the records"))
        created.append(letter)
    return {"created": created, "kept": len(existing)}


def _refuse_if_sent(letter: LiaisonLetter) -> None:
    if letter.is_sent:
        raise ValidationError(
            _("This letter was sent on %(date)s: it is kept as it was sent and can no longer be changed.")
            % {"date": letter.sent_on.isoformat()},
            code="sent",
        )


@transaction.atomic
def letter_update(*, letter: LiaisonLetter, data: dict, actor, version: str | None = None) -> list[str]:
    with recorded_change(letter, actor=actor, version=version) as change:
        _refuse_if_sent(letter)
        change.apply(data, only=EDITABLE_FIELDS)
    return change.fields


@transaction.atomic
def letter_regenerate(*, letter: LiaisonLetter, actor, replace_edits: bool = False) -> list[str]:
    """Drafts the letter again from the records as they are now. The staff's part (performance) is
    kept; drafted parts that staff changed are replaced only with `replace_edits`."""
    _refuse_if_sent(letter)
    if letter.has_edits and not replace_edits:
        raise ValidationError(
            _(
                "Parts of this draft were changed by hand. Regenerating would replace those changes: tick "
                "“replace my changes” to go ahead."
            ),
            code="has_edits",
        )
    draft = drafts_for(
        letter.year, letter.half, only=[letter.home_organization], reported=letter_members_of(letter.committee)
    ).get(letter.home_organization)
    if draft is None:
        raise ValidationError(
            _("No member from %(home)s is on the roster any more: there is nothing to draft.")
            % {"home": letter.home_organization},
            code="no_members",
        )
    before = {name: getattr(letter, name) for name in ("member_count", *LiaisonLetter.GENERATED_FIELDS)}
    _apply_draft(letter, draft)
    save_with_history(letter, actor=actor, reason=_("drafted again from the records"))
    return [name for name, value in before.items() if getattr(letter, name) != value]


@transaction.atomic
def letter_mark_sent(
    *, letter: LiaisonLetter, sent_on: datetime.date, sent_via: str, sent_reference: str = "", actor
) -> LiaisonLetter:
    _refuse_if_sent(letter)
    if not letter.reference.strip():
        raise ValidationError(
            {
                "reference": ValidationError(
                    _(
                        "The letter has no reference number. Give it one (“Give a reference number”, or type "
                        "it in the letter's edit form) before marking it sent."
                    ),
                    code="no_reference",
                )
            }
        )
    if not letter.performance_text.strip():
        raise ValidationError(
            {"performance_text": _("Write how the secretaries and members performed before marking the letter sent.")}
        )
    with restored_on_error(letter, "state", "sent_on", "sent_via", "sent_reference"):
        letter.state, letter.sent_on, letter.sent_via = LiaisonLetter.State.SENT, sent_on, sent_via
        letter.sent_reference = sent_reference.strip()
        save_with_history(letter, actor=actor)
    return letter
