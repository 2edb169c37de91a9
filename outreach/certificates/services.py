"""Every write to certificates, their yearly reviews and reverse issuance requests.

Keyword-only, one transaction each, validated whole (a Chinese message and nothing written when
something is wrong), saved through `save_with_history` so the history names who did it.
Scope is the caller's business (views fetch records through the selectors, which are scoped).
"""

import datetime
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.services import recorded_change, save_with_history, update_with_history
from outreach.models import Certificate, CertificateReview, ReverseIssuanceRequest

Request = ReverseIssuanceRequest
State = ReverseIssuanceRequest.State


def _stripped(data: dict) -> dict:
    return {
        key: value.strip() if isinstance(value, str) and key not in ("notes", "refusal_reason") else value
        for key, value in data.items()
    }


@contextmanager
def restored_on_error(instance, *fields):
    """A refused change leaves the caller's object as it was (the transaction already undoes the rows)."""
    before = {field: getattr(instance, field) for field in fields}
    try:
        yield
    except Exception:
        for field, value in before.items():
            setattr(instance, field, value)
        raise


# --- certificates ------------------------------------------------------------------------------


@transaction.atomic
def certificate_create(*, data: dict, actor) -> Certificate:
    """Records a certificate the home organization issued. `data["member"]` is a Member."""
    data = _stripped(data)
    member = data.get("member")
    if member is not None and member.certificates.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            {
                "member": _(
                    "%(name)s already holds a valid certificate. End it (returned, transferred or voided) "
                    "before recording a new one."
                )
                % {"name": member.name}
            }
        )
    if not data.get("issuing_organization") and data.get("member") is not None:
        data["issuing_organization"] = data["member"].origin_organization
    certificate = Certificate(**data)
    save_with_history(certificate, actor=actor)
    return certificate


@transaction.atomic
def certificate_update(*, certificate: Certificate, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(certificate, changes=_stripped(data), actor=actor, version=version)


@transaction.atomic
def certificate_end(*, certificate: Certificate, ended_on: datetime.date, end_reason: str, actor) -> Certificate:
    """Returned on coming home, membership transferred, or voided: the certificate is no longer valid."""
    if not certificate.is_valid:
        raise ValidationError(
            _("This certificate has already ended (%(how)s, %(date)s).")
            % {"how": certificate.get_end_reason_display(), "date": certificate.ended_on.isoformat()}
        )
    with restored_on_error(certificate, "ended_on", "end_reason"):
        certificate.ended_on, certificate.end_reason = ended_on, end_reason
        save_with_history(certificate, actor=actor)
    return certificate


@transaction.atomic
def review_add(*, certificate: Certificate, data: dict, actor) -> CertificateReview:
    """The yearly review; it cannot precede the issue date nor follow the certificate's end."""
    review = CertificateReview(certificate=certificate, **_stripped(data))
    save_with_history(review, actor=actor)
    return review


# --- reverse issuance --------------------------------------------------------------------------


@transaction.atomic
def request_create(*, data: dict, actor) -> ReverseIssuanceRequest:
    """The local office fills the application in for a member who arrived without a certificate."""
    data = _stripped(data)
    member = data["member"]
    if member.certificates.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            {
                "member": _("%(name)s already holds a valid certificate: no reverse issuance is needed.")
                % {"name": member.name}
            }
        )
    if member.reverse_issuance_requests.filter(state__in=Request.OPEN_STATES).exists():
        raise ValidationError(
            {
                "member": _("%(name)s already has a reverse issuance request under way. Follow that one up instead.")
                % {"name": member.name}
            }
        )
    if not data.get("home_organization"):
        data["home_organization"] = member.origin_organization
    request = Request(**data, state=State.FILLED)
    save_with_history(request, actor=actor)
    return request


def _require_state(request: ReverseIssuanceRequest, *states) -> None:
    if request.state not in states:
        raise ValidationError(
            _("This request is “%(state)s”: that step cannot be recorded now.") % {"state": request.get_state_display()}
        )


@transaction.atomic
def request_update(*, request: ReverseIssuanceRequest, data: dict, actor, version: str | None = None) -> list[str]:
    """The application may be corrected until it is sent."""
    with recorded_change(request, actor=actor, version=version) as change:
        _require_state(request, State.FILLED)
        change.apply(_stripped(data))
    return change.fields


@transaction.atomic
def request_mark_sent(
    *, request: ReverseIssuanceRequest, sent_on: datetime.date, sent_via: str, sent_reference: str = "", actor
) -> ReverseIssuanceRequest:
    _require_state(request, State.FILLED)
    with restored_on_error(request, "state", "sent_on", "sent_via", "sent_reference"):
        request.state, request.sent_on, request.sent_via = State.SENT, sent_on, sent_via
        request.sent_reference = sent_reference.strip()
        save_with_history(request, actor=actor)
    return request


@transaction.atomic
def request_mark_issued(
    *, request: ReverseIssuanceRequest, number: str, issued_on: datetime.date, actor
) -> Certificate:
    """The home organization issued the certificate: it enters the register as a reverse issuance."""
    _require_state(request, State.SENT, State.VERIFIED)
    with restored_on_error(request, "state", "issued_on", "certificate"):
        request.state, request.issued_on = State.ISSUED, issued_on
        request.full_clean(exclude=["certificate"], validate_constraints=False)  # the dates first
        try:
            certificate = certificate_create(
                data={
                    "member": request.member,
                    "number": number,
                    "issuing_organization": request.home_organization,
                    "issued_on": issued_on,
                    "reason": request.reason,
                    "destination": request.destination,
                    "left_on": request.left_on,
                    "issuance": Certificate.Issuance.REVERSE,
                },
                actor=actor,
            )
        except ValidationError as error:
            # The certificate's other fields are not on the step's form: its messages go to the number.
            if hasattr(error, "error_dict"):
                raise ValidationError(
                    {
                        field if field in ("number", "issued_on") else "number": messages
                        for field, messages in error.error_dict.items()
                    }
                ) from None
            raise
        request.certificate = certificate
        save_with_history(request, actor=actor)
    return certificate


@transaction.atomic
def request_mark_verified(
    *,
    request: ReverseIssuanceRequest,
    verified_on: datetime.date,
    number: str = "",
    issued_on: datetime.date | None = None,
    actor,
) -> ReverseIssuanceRequest:
    """The home organization verified the application; with a number, it issued the certificate too
    (article 004: 核实并办证, verified and issued in one go)."""
    _require_state(request, State.SENT)
    with restored_on_error(request, "state", "verified_on"):
        request.state, request.verified_on = State.VERIFIED, verified_on
        save_with_history(request, actor=actor)
        if number:
            request_mark_issued(request=request, number=number, issued_on=issued_on or verified_on, actor=actor)
    return request


@transaction.atomic
def request_refuse(
    *, request: ReverseIssuanceRequest, refused_on: datetime.date, refusal_reason: str, actor
) -> ReverseIssuanceRequest:
    _require_state(request, State.SENT, State.VERIFIED)
    with restored_on_error(request, "state", "refused_on", "refusal_reason"):
        request.state, request.refused_on, request.refusal_reason = State.REFUSED, refused_on, refusal_reason.strip()
        save_with_history(request, actor=actor)
    return request
