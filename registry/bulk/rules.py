"""What refuses an action on many members, decided from the facts (docs/domain.md#acting-on-many).

Each member is still refused by their own service's rules (a lost-contact case already open, a
date before the case…); these are the few rules of the selection and of a move between our
organizations that no one-member service says.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from registry.development.rules import CANNOT_HOLD
from registry.models import Member


def inline_max() -> int:
    """The most members one action touches (settings.REGISTRY_BULK_INLINE_MAX, default 300): one
    transaction a person waits for, not a background run."""
    return int(getattr(settings, "REGISTRY_BULK_INLINE_MAX", 300))


def too_many_message(count: int) -> str | None:
    """None when `count` members may be acted on at once; else the sentence saying to narrow the list."""
    if count <= inline_max():
        return None
    return _(
        "This selection holds %(count)d members, more than the %(limit)d one action may touch at once "
        "(REGISTRY_BULK_INLINE_MAX): narrow the list's filters, or select the rows of a page, and act "
        "on each part in turn."
    ) % {"count": count, "limit": inline_max()}


def move_refusal(*, category: str, from_id: int, to_id: int, to_level: str, to_name: str) -> str | None:
    """A move to another of our organizations: not to the one the member is in; and a self-managed
    member's membership, held here, cannot be held in a temporary branch or a party group
    (docs/lifecycle.md#transfer-letters: neither receives a transfer in)."""
    if from_id == to_id:
        return _("Already in %(organization)s: nothing to move.") % {"organization": to_name}
    if category == Member.Category.SELF_MANAGED and to_level in CANNOT_HOLD:
        return _(
            "A self-managed member's membership is held here and cannot be held in %(organization)s (a temporary "
            "branch or a party group receives no transfer in): choose a branch."
        ) % {"organization": to_name}
    return None
