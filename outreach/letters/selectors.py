"""Reads of liaison letters. Letters are the committee's: staff and administrators keep them,
reviewers read them, secretaries do not see them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches import access
from branches.models import RoleAssignment
from outreach import filtering
from outreach.committee import letter_members_of
from outreach.letters.drafting import drafts_for
from outreach.letters.filters import LetterFilter
from outreach.models import LiaisonLetter
from registry.reconcile import selectors as reconcile_selectors


def printed_for(full: bool) -> Q:
    """Batches printed with personal data in full (for the committee office, who post the letters)
    or masked (for a reviewer): the one is never handed to those who should get the other."""
    printed_full = Q(requested_as__role__in=access.PERSONAL_DATA_ROLES) | Q(
        Exists(RoleAssignment.objects.filter(user=OuterRef("requested_by"), role__in=access.PERSONAL_DATA_ROLES)),
        requested_as__isnull=True,
    )
    return printed_full if full else ~printed_full


def letters_visible_to(user) -> QuerySet[LiaisonLetter]:
    """The committee's letters: every one, or those of their own committee for staff and reviewers
    bound to one (a letter is signed by its committee)."""
    if not access.sees_everything(user):
        return LiaisonLetter.objects.none()
    return LiaisonLetter.objects.filter(access.organization_scope(user, prefix="committee__"))


def letters_for(user) -> QuerySet[LiaisonLetter]:
    """The register in its order, with what its rows show."""
    return letters_visible_to(user).select_related("committee").order_by("-year", "-half", "home_organization")


def letter_list(user, params) -> tuple[LetterFilter, QuerySet[LiaisonLetter]]:
    """The register narrowed by home organization (`?q=`), year, half year and state; an invalid
    filter shows nothing (its errors are on the form)."""
    return filtering.filtered(LetterFilter(filtering.without_page(params) or None, queryset=letters_for(user)))


def letter_detail(user, pk) -> LiaisonLetter:
    """404 for a letter the user does not see (a secretary sees none)."""
    return get_object_or_404(letters_for(user), pk=pk)


def letter_to_change(user, pk) -> LiaisonLetter:
    """404 for a letter the user does not see; 403 for a reader who may not change it (a reviewer)."""
    letter = letter_detail(user, pk)
    if not access.is_committee(user):
        raise PermissionDenied
    return letter


def letter_is_stale(letter: LiaisonLetter) -> bool:
    """Whether the records have changed since the draft was made (a draft made now would differ)."""
    draft = drafts_for(
        letter.year, letter.half, only=[letter.home_organization], reported=letter_members_of(letter.committee)
    ).get(letter.home_organization)
    return (
        draft is None or draft.fingerprint != letter.generated_fingerprint or draft.member_count != letter.member_count
    )


def periods(user) -> list[dict]:
    """Each half year with letters: how many, how many sent, how many members they report."""
    return list(
        letters_visible_to(user)
        .values("year", "half")
        .annotate(
            letters=Count("id"),
            sent=Count("id", filter=Q(state=LiaisonLetter.State.SENT)),
        )
        .order_by("-year", "-half")
    )


def period_letters(user, year: int, half: int) -> QuerySet[LiaisonLetter]:
    return letters_for(user).filter(year=year, half=half).order_by("home_organization")


def attach_reconciliations(letters) -> None:
    """Each letter's `reconciliation`: the latest comparison of that home organization's list with
    ours since its half year began, printed as the letter's annex (docs/checkin.md#reconciliation)."""
    letters = list(letters)
    if not letters:
        return
    since = min(letter.period_start for letter in letters)
    found = reconcile_selectors.latest_by_home([letter.home_organization for letter in letters], since=since)
    for letter in letters:
        reconciliation = found.get(letter.home_organization)
        letter.reconciliation = (
            reconciliation
            if reconciliation and timezone.localtime(reconciliation.created_at).date() >= letter.period_start
            else None
        )
