"""Sending a record back (docs/inbox.md#sending-back): the committee office asks the secretary who
keeps a record a question; the secretary answers, or corrects the record — a save of the record
closes it with the answer "corrected". Each step is kept in the record's history (who sent it back,
who answered) and reaches the other side's inbox (branches.inbox)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access, clock
from branches.inbox import services as inbox
from branches.models import RoleAssignment
from branches.services import recorded_change, save_with_history
from registry.models import SendBack

Kind = SendBack.Kind
FIELD = {Kind.MEMBER: "member", Kind.CANDIDATE: "candidate", Kind.TRANSFER: "movement"}
PAGES = {
    Kind.MEMBER: "registry:member_detail",
    Kind.CANDIDATE: "registry:candidate_detail",
    Kind.TRANSFER: "registry:transfer_detail",
}


def record_url(kind: str, record) -> str:
    return reverse(PAGES[kind], args=[record.pk])


def person_of(kind: str, record):
    """The person the record is about: the member, the candidate, a transfer's member."""
    return record.member if kind == Kind.TRANSFER else record


def record_name(kind: str, record) -> str:
    """How the inbox names the record: its kind and the person's name."""
    return f"{SendBack.Kind(kind).label} · {person_of(kind, record).name}"


def secretaries_of(organization) -> list:
    """The logins that keep `organization`: its secretaries and those of every organization above it."""
    above = [int(pk) for pk in organization.path.strip("/").split("/") if pk] or [organization.pk]
    found = RoleAssignment.objects.filter(
        role=RoleAssignment.Role.SECRETARY, organization_id__in=above, user__is_active=True
    ).select_related("user")
    return list({assignment.user_id: assignment.user for assignment in found}.values())


@transaction.atomic
def send_back(*, kind: str, record, question: str, actor) -> SendBack:
    """Staff send `record` back to its secretary with `question`: refused if one is open on it."""
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question the secretary is to answer.")})
    if SendBack.objects.filter(**{FIELD[kind]: record}, state=SendBack.State.OPEN).exists():
        raise ValidationError(_("This record is already sent back and waits for its answer."))
    sent = SendBack(
        organization=record.organization,
        kind=kind,
        question=question,
        asked_by=actor,
        asked_at=clock.now(),
        **{FIELD[kind]: record},
    )
    save_with_history(sent, actor=actor, reason="sent back")
    for secretary in secretaries_of(record.organization):
        inbox.message_send(
            recipient=secretary,
            subject=_("Sent back with a question: %(record)s") % {"record": record_name(kind, record)},
            body=question,
            url=record_url(kind, record),
            about=sent.about,
            sender=actor,
        )
    return sent


def _settle(sent: SendBack, *, state: str, answer: str, actor) -> None:
    with recorded_change(sent, actor=actor) as change:
        change.apply({"state": state, "answer": answer, "answered_by": actor, "answered_at": clock.now()})
    inbox.messages_close(about=sent.about)
    record = sent.record
    if sent.asked_by_id and sent.asked_by.is_active:
        subject = (_("Corrected: %(record)s") if state == SendBack.State.CORRECTED else _("Answered: %(record)s")) % {
            "record": record_name(sent.kind, record)
        }
        inbox.message_send(
            recipient=sent.asked_by,
            subject=subject,
            body=answer,
            url=record_url(sent.kind, record),
            sender=actor,
        )


@transaction.atomic
def answer(*, sent: SendBack, answer: str, actor) -> SendBack:
    """The secretary's answer: the question leaves their inbox, the answer reaches the sender's."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if sent.state != SendBack.State.OPEN:
        raise ValidationError(_("This question is answered already."))
    if not access.may_change_organization(actor, sent.organization):
        raise ValidationError(_("Only the secretary who keeps this record, or the committee office, answers it."))
    _settle(sent, state=SendBack.State.ANSWERED, answer=answer, actor=actor)
    return sent


def record_corrected(*, kind: str, record, actor) -> int:
    """A save of `record` (its edit page) closes what is open on it, with the answer "corrected".
    Called by the record's services inside their transaction; how many it closed."""
    open_ones = list(
        SendBack.objects.filter(**{FIELD[kind]: record}, state=SendBack.State.OPEN).select_related("asked_by")
    )
    for sent in open_ones:
        _settle(sent, state=SendBack.State.CORRECTED, answer=_("corrected"), actor=actor)
    return len(open_ones)
