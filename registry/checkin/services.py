"""Every write of check-in and arrival (docs/checkin.md): links made, submissions received,
decisions taken. The roster changes only in the decisions, through the member services, with
the history saying where the change came from and who accepted it."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import clock
from branches.models import Enterprise
from registry.checkin import links
from registry.checkin.fields import current_value, label, typed_text
from registry.checkin.forms import ArrivalForm
from registry.members import services as member_services
from registry.models import PARTIAL_DATES, ArrivalSubmission, CheckinLink, CheckinSubmission, Decision, Member
from spreadsheets.values import partial_date_parser

log = logging.getLogger("registry.checkin")


@transaction.atomic
def link_create(*, member: Member, actor, days: int | None = None) -> str:
    """A new link for `member` (revoking their earlier ones); returns its path, the only time
    the token is known."""
    days = settings.REGISTRY_CHECKIN_DAYS if days is None else days
    if days < 1:
        raise ValidationError(_("A link must be valid for at least one day."))
    if days > settings.REGISTRY_CHECKIN_MAX_DAYS:
        raise ValidationError(
            _("A link may be valid for at most %(days)d days (REGISTRY_CHECKIN_MAX_DAYS): make a new one when it ends.")
            % {"days": settings.REGISTRY_CHECKIN_MAX_DAYS},
            code="too_long",
        )
    now = timezone.now()
    CheckinLink.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=now)
    token = links.new_token()
    CheckinLink.objects.create(
        member=member,
        token_hash=links.token_hash(token),
        expires_at=now + datetime.timedelta(days=days),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    log.info("check-in link made for member %s by %s", member.pk, getattr(actor, "username", actor))
    return links.checkin_path(links.signed_value(member.pk, token))


def end_links_of_former_member(sender, instance: Member, **kwargs) -> None:
    """On every save of a member (post_save, connected in registry/apps.py): once they have left the
    roster, by whatever way (an event, an import, the admin), their links end — revoked, so that
    they stay ended when the member returns to the roster (issue 20 §5); a returning member is given
    a new link."""
    if instance.left_on is not None:
        CheckinLink.objects.filter(member=instance, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def submission_create(*, link: CheckinLink, changes: dict, address: str | None) -> CheckinSubmission:
    """What the member sent. Without changes it is a confirmation, closed at once; with changes it
    waits for the secretary and replaces an earlier submission still waiting."""
    member = link.member
    CheckinSubmission.objects.filter(member=member, state=Decision.PENDING).update(state=Decision.SUPERSEDED)
    submission = CheckinSubmission.objects.create(
        member=member,
        link=link,
        submitted_from=address,
        changes=changes,
        state=Decision.PENDING if changes else Decision.CONFIRMED,
    )
    log.info(
        "check-in submission %s for member %s from %s: %s",
        submission.pk,
        member.pk,
        address,
        sorted(changes) or "no changes",
    )
    return submission


def _member_data(member: Member, changes: dict, fields: list[str]) -> dict:
    data = {}
    for field in fields:
        after = changes[field]["after"]
        if field in PARTIAL_DATES:  # kept at the precision the member gave (registry.checkin.fields)
            if after:
                value = partial_date_parser(after)
                data[field], data[f"{field}_precision"] = value.date, value.precision
            else:
                data[field] = None
        elif field == "employer":
            enterprise = Enterprise.objects.filter(name=after).first() if after else None
            if enterprise is not None or not after:
                data["enterprise"] = enterprise
            else:  # not one of our enterprises: kept in the notes for the secretary to place
                line = _("Employer as the member gave it: %(name)s") % {"name": after}
                data["notes"] = f"{member.notes}\n{line}".strip()
        else:
            data[field] = after
    return data


def changed_since(submission: CheckinSubmission) -> dict[str, str]:
    """The fields of the submission whose value in the record is no longer the one the member saw
    (someone changed it since), with what the record says now."""
    now = {field: typed_text(field, current_value(submission.member, field)) for field in submission.changes}
    return {field: now[field] for field, change in submission.changes.items() if now[field] != change["before"]}


@transaction.atomic
def submission_decide(
    *, submission: CheckinSubmission, accepted: list[str], actor, address: str | None, overwrite: list[str] = ()
) -> list[str]:
    """Accepts the fields in `accepted` and declines the others; returns the member fields changed.
    A field changed in the record since the member sent the submission is written over only when
    the secretary says so (`overwrite`): otherwise nothing is written and the refusal names it
    (issue 20 §5: an old correction overwrote a later edit by staff)."""
    submission = CheckinSubmission.objects.select_for_update().select_related("member").get(pk=submission.pk)
    if submission.state != Decision.PENDING:
        raise ValidationError(_("This submission was decided already (or replaced by a later one): reload the queue."))
    accepted = [field for field in submission.changes if field in accepted]
    stale = [field for field in changed_since(submission) if field in accepted and field not in overwrite]
    if stale:
        raise ValidationError(
            _(
                "Changed in the record since the member sent this: %(fields)s. Look at what the record says "
                "now, and tick “write over it” for each one the member's value should replace."
            )
            % {"fields": "、".join(label(field) for field in stale)},
            code="changed_since",
        )
    changed = []
    if accepted:
        reason = _("Submitted by the member through their check-in link on %(date)s; accepted: %(fields)s") % {
            "date": timezone.localtime(submission.submitted_at).date().isoformat(),
            "fields": "、".join(label(field) for field in accepted),
        }
        changed = member_services.member_update(
            member=submission.member,
            data=_member_data(submission.member, submission.changes, accepted),
            actor=actor,
            reason=reason,
        )
    submission.accepted_fields = accepted
    submission.state = (
        Decision.DECLINED
        if not accepted
        else Decision.ACCEPTED
        if len(accepted) == len(submission.changes)
        else Decision.PARTLY
    )
    submission.decided_at, submission.decided_by, submission.decided_from = timezone.now(), actor, address
    submission.save()
    log.info(
        "check-in submission %s %s by %s from %s: accepted %s",
        submission.pk,
        submission.state,
        actor.username,
        address,
        accepted,
    )
    return changed


# --- arrivals ---------------------------------------------------------------------------------


@transaction.atomic
def arrival_submit(*, organization, data: dict, address: str | None) -> ArrivalSubmission:
    """A newcomer's registration, waiting in the branch's queue — one per ID number and
    organization: the same number sent again replaces what waits (issue 20 §5: ten sends made ten).
    The poster answers alike whether or not the number is on the roster already (it told anyone
    who typed a number); the registration then names the record found (`existing_member`), so
    that the queue says the person is on the roster and the committee office sees where."""
    existing = Member.objects.filter(id_number=data["id_number"]).first()
    waiting = (
        ArrivalSubmission.objects.select_for_update()
        .filter(organization=organization, id_number=data["id_number"], state=Decision.PENDING)
        .first()
    )
    submission = waiting or ArrivalSubmission(organization=organization, id_number=data["id_number"])
    submission.submitted_from, submission.name, submission.data = address, data["name"], data
    submission.state, submission.existing_member = Decision.PENDING, existing
    if waiting is not None:
        submission.submitted_at = timezone.now()
    submission.save()
    log.info(
        "arrival submission %s to organization %s from %s%s",
        submission.pk,
        organization.pk,
        address,
        f": already on the roster as member {existing.pk}" if existing else "",
    )
    return submission


@transaction.atomic
def arrival_decide(*, submission: ArrivalSubmission, accept: bool, actor, address: str | None) -> Member | None:
    """Accepting puts the person on the roster of the submission's organization (a registered
    mobile member, 登记时间 today); declining only closes the submission."""
    submission = ArrivalSubmission.objects.select_for_update().select_related("organization").get(pk=submission.pk)
    if submission.state != Decision.PENDING:
        raise ValidationError(_("This registration was decided already: reload the queue."))
    member = None
    if accept:
        if Member.all_members.filter(id_number=submission.id_number).exists():
            raise ValidationError(
                _(
                    "This ID number is in the registry already (on the roster or among the former members): "
                    "ask the committee office; a member who comes back is restored from the former members."
                )
            )
        # Read again as the open form read it, in case the rules or the roster moved since.
        form = ArrivalForm(
            data={
                **submission.data,
                "gender": {"male": "男", "female": "女"}.get(submission.data.get("gender"), ""),
                "status": {"full": "正式党员", "probationary": "预备党员"}[submission.data["status"]],
            }
        )
        if not form.is_valid():
            raise ValidationError(
                _("The registration no longer passes the checks: %(errors)s")
                % {"errors": "；".join(str(message) for messages in form.errors.values() for message in messages)}
            )
        data = ArrivalForm.member_data(form.cleaned_data)
        employer = submission.data.get("employer")
        enterprise = Enterprise.objects.filter(name=employer).first() if employer else None
        if enterprise is not None:
            data["enterprise"] = enterprise
        elif employer:
            data["notes"] = _("Employer as the member gave it: %(name)s") % {"name": employer}
        member = member_services.member_create(
            data={
                **data,
                "organization": submission.organization,
                "category": Member.Category.REGISTERED_MOBILE,
                "registered_on": clock.today(),
            },
            actor=actor,
            reason=_("Registered by the member through the arrival form on %(date)s")
            % {"date": timezone.localtime(submission.submitted_at).date().isoformat()},
        )
    submission.state = Decision.ACCEPTED if accept else Decision.DECLINED
    submission.member = member
    submission.decided_at, submission.decided_by, submission.decided_from = timezone.now(), actor, address
    submission.save()
    log.info("arrival submission %s %s by %s from %s", submission.pk, submission.state, actor.username, address)
    return member
