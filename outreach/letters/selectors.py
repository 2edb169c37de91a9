"""Reads of liaison letters. Letters are the committee's: staff and administrators keep them,
reviewers read them, secretaries do not see them."""

from django.db.models import Count, Q, QuerySet

from branches import access
from outreach.models import LiaisonLetter


def letters_visible_to(user) -> QuerySet[LiaisonLetter]:
    if not access.sees_everything(user):
        return LiaisonLetter.objects.none()
    return LiaisonLetter.objects.all()


def letter_list(user) -> QuerySet[LiaisonLetter]:
    return letters_visible_to(user).select_related("committee").order_by("-year", "-half", "home_organization")


def periods(user) -> list[dict]:
    """Each half year with letters: how many, how many sent, how many members they report."""
    return list(
        letters_visible_to(user).values("year", "half").annotate(
            letters=Count("id"), sent=Count("id", filter=Q(state=LiaisonLetter.State.SENT)),
        ).order_by("-year", "-half")
    )


def period_letters(user, year: int, half: int) -> QuerySet[LiaisonLetter]:
    return letter_list(user).filter(year=year, half=half).order_by("home_organization")
