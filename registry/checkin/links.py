"""The check-in link and the arrival address: what they carry and how they are read back
(docs/checkin.md#links).

A check-in link is `/c/<signed>/`, where `<signed>` is the member's id and a random token of 32
bytes, signed with the site's SECRET_KEY (django.core.signing): a link that was altered fails the
signature before the database is asked anything. The token itself is kept only as its SHA-256
(CheckinLink.token_hash), so that a new link can revoke the old one and a copy of the database
cannot make links. An arrival address is `/a/<organization id>-<code>/`, the code a keyed hash of
the id: short enough to type from a poster, not enumerable from one organization to the next.
"""

import hashlib
import hmac
import secrets

import segno
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

SALT = "registry.checkin.link"
ARRIVAL_SALT = "registry.checkin.arrival"
ARRIVAL_CODE_LENGTH = 7


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_value(member_id: int, token: str) -> str:
    return signing.dumps([member_id, token], salt=SALT)


def read_signed(value: str) -> tuple[int, str] | None:
    """(member id, token), or None for anything that is not a link we signed."""
    try:
        member_id, token = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(member_id, int) or not isinstance(token, str):
        return None
    return member_id, token


def checkin_path(signed: str) -> str:
    return reverse("registry:checkin_open", args=[signed])


def arrival_code(organization_id: int) -> str:
    digest = salted_hmac(ARRIVAL_SALT, str(organization_id), algorithm="sha256").hexdigest()
    return f"{organization_id}-{digest[:ARRIVAL_CODE_LENGTH]}"


def read_arrival_code(code: str) -> int | None:
    """The organization id of a genuine arrival code, else None."""
    head, _sep, _tail = code.partition("-")
    if not (head.isascii() and head.isdigit()) or len(head) > 12:
        return None
    organization_id = int(head)
    return organization_id if hmac.compare_digest(arrival_code(organization_id), code) else None


def arrival_path(organization_id: int) -> str:
    return reverse("registry:arrival_open", args=[arrival_code(organization_id)])


def qr_svg(url: str, *, scale: int = 4) -> str:
    """The QR code of `url` as inline SVG markup (segno: pure Python, no image files)."""
    return segno.make(url, error="m").svg_inline(scale=scale, omitsize=False)
