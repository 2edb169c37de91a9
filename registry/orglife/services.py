"""Every write of organizational life: a gathering and its kinds, its attendance, its attachments.

Keyword-only, one transaction each, history rows naming who made the change in the same
transaction (`branches.services`); an edit is checked against the version its form read
(branches/versions.py). Views, the imports, outreach's activity pages and the demos call these;
they check scope (through the selectors) before they do.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches import access
from branches.people import recorder
from branches.services import recorded_change, save_with_history
from registry.models import Attendance, Gathering, GatheringAttachment, GatheringKind, Member
from registry.orglife import attachments, rules

# The fields of an attendance row an entry sets (rules.Entry, less the member).
ENTRY_FIELDS = ("status", "reason", "reason_note", "elsewhere_organization", "elsewhere_date")


def _refuse_without_kinds(kinds) -> tuple[str, ...]:
    codes = rules.ordered_kinds(kinds)
    if not codes:
        raise ValidationError({"kinds": _("Choose at least one kind.")})
    unknown = set(kinds) - set(GatheringKind.Kind.values)
    if unknown:
        raise ValidationError({"kinds": _("Choose kinds from the list.")})
    return codes


def _set_kinds(gathering: Gathering, codes: tuple[str, ...], *, actor, reason: str = "") -> bool:
    """Makes the gathering's kind rows exactly `codes` (history rows for those added and removed);
    whether anything changed."""
    present = {row.kind: row for row in gathering.kinds.all()}
    removed = [row for code, row in present.items() if code not in codes]
    added = [GatheringKind(gathering=gathering, kind=code) for code in codes if code not in present]
    for row in removed:
        row._history_user = recorder(actor)
        if reason:
            row._change_reason = reason
        row.delete()
    if added:
        bulk_create_with_history(
            added, GatheringKind, default_user=recorder(actor), default_change_reason=reason[:100] or None
        )
    if removed or added:
        # The prefetched rows (if any) are stale now.
        getattr(gathering, "_prefetched_objects_cache", {}).pop("kinds", None)
    return bool(removed or added)


def _people(data: dict, organization) -> dict:
    """`chair` and `recorder`: the member of the organization's subtree whose name was typed as
    `chair_name` / `recorder_name`, when exactly one has it; None otherwise (a guest, a namesake)."""
    found = {}
    for field in ("chair", "recorder"):
        name = (data.get(f"{field}_name") or "").strip()
        matches = (
            list(Member.objects.filter(access.subtree_filter(organization, prefix="organization__"), name=name)[:2])
            if name and organization is not None
            else []
        )
        found[field] = matches[0] if len(matches) == 1 else None
    return found


@transaction.atomic
def gathering_create(*, data: dict, kinds: Iterable[str], actor, reason: str = "") -> Gathering:
    """A new gathering of `data["organization"]`, counted as `kinds` (one or more codes)."""
    codes = _refuse_without_kinds(list(kinds))
    gathering = Gathering(created_by=recorder(actor), **data, **_people(data, data.get("organization")))
    save_with_history(gathering, actor=actor, reason=reason)
    _set_kinds(gathering, codes, actor=actor, reason=reason)
    return gathering


@transaction.atomic
def gathering_update(
    *, gathering: Gathering, data: dict, kinds: Iterable[str] | None = None, actor, version: str | None = None
) -> list[str]:
    """Changes the gathering's fields (and its kinds, when given); the names of what changed
    ("kinds" among them). Refused (StaleEdit) if it changed since `version` was read."""
    with recorded_change(gathering, actor=actor, version=version) as change:
        change.apply(data)
        people = {"chair_name": gathering.chair_name, "recorder_name": gathering.recorder_name}
        change.apply(_people(people, gathering.organization))
    changed = list(change.fields)
    if kinds is not None and _set_kinds(gathering, _refuse_without_kinds(list(kinds)), actor=actor):
        changed.append("kinds")
    return changed


@transaction.atomic
def attendance_record(*, gathering: Gathering, entries: Iterable[rules.Entry], actor, reason: str = "") -> dict:
    """Records one line per member (rules.Entry): a new row, a changed one, or none where nothing
    changed; members not named are left as they are. The counts {"new", "updated", "unchanged"}.
    Refused whole (ValidationError naming the member) when an entry is incomplete."""
    entries = [entry.cleaned() for entry in entries]
    problems = []
    for entry in entries:
        if problem := rules.entry_problem(entry, gathering_date=gathering.date):
            problems.append((entry.member_id, problem[1]))
    if problems:
        names = dict(Member.all_members.filter(pk__in=[pk for pk, _m in problems]).values_list("pk", "name"))
        raise ValidationError([f"{names.get(pk, pk)}: {message}" for pk, message in problems])
    existing = {row.member_id: row for row in Attendance.objects.filter(gathering=gathering)}
    new, changed = [], []
    for entry in entries:
        values = {field: getattr(entry, field) for field in ENTRY_FIELDS}
        row = existing.get(entry.member_id)
        if row is None:
            new.append(Attendance(gathering=gathering, member_id=entry.member_id, **values))
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
    user, why = recorder(actor), reason[:100] or None
    if new:
        bulk_create_with_history(new, Attendance, batch_size=2000, default_user=user, default_change_reason=why)
    if changed:
        bulk_update_with_history(
            changed, Attendance, list(ENTRY_FIELDS), batch_size=2000, default_user=user, default_change_reason=why
        )
    return {"new": len(new), "updated": len(changed), "unchanged": len(entries) - len(new) - len(changed)}


@transaction.atomic
def attendance_add(*, gathering: Gathering, members: Iterable[Member], actor, reason: str = "") -> list[Member]:
    """Marks members present: a new line each, or a line recorded otherwise (absent, excused…) turned
    to present; those already present are left as they are. The members whose line changed.
    Outreach's activity pages record who attended this way."""
    wanted = {member.pk: member for member in members}
    recorded = {
        row.member_id: row for row in Attendance.objects.filter(gathering=gathering, member_id__in=list(wanted))
    }
    user, why = recorder(actor), reason[:100] or None
    new = [pk for pk in wanted if pk not in recorded]
    changed = [row for row in recorded.values() if row.status != Attendance.Status.PRESENT]
    for row in changed:
        row.status, row.reason, row.elsewhere_organization, row.elsewhere_date = Attendance.Status.PRESENT, "", "", None
    bulk_create_with_history(
        [Attendance(gathering=gathering, member=wanted[pk], status=Attendance.Status.PRESENT) for pk in new],
        Attendance,
        batch_size=2000,
        default_user=user,
        default_change_reason=why,
    )
    if changed:
        bulk_update_with_history(
            changed, Attendance, list(ENTRY_FIELDS), batch_size=2000, default_user=user, default_change_reason=why
        )
    return [wanted[pk] for pk in new] + [wanted[row.member_id] for row in changed]


@transaction.atomic
def attendance_remove(*, gathering: Gathering, member: Member, actor) -> bool:
    """Takes a member's line off the attendance (the history keeps it); whether there was one."""
    attendance = Attendance.objects.filter(gathering=gathering, member=member).first()
    if attendance is None:
        return False
    attendance._history_user = recorder(actor)
    attendance.delete()
    return True


@transaction.atomic
def attachment_add(*, gathering: Gathering, upload, actor) -> GatheringAttachment:
    """Keeps an uploaded photo or scan with the gathering: refused (ValidationError, in words) when it
    is not an image or a PDF by its content, or larger than settings.REGISTRY_ATTACHMENT_MAX_BYTES."""
    try:
        content_type = attachments.check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    attachment = GatheringAttachment(
        gathering=gathering,
        name=(upload.name or "")[-200:] or "-",
        content_type=content_type,
        size=upload.size,
        uploaded_by=recorder(actor),
    )
    attachment.file.save(upload.name or "upload", upload, save=False)
    try:
        save_with_history(attachment, actor=actor)
    except Exception:
        attachment.file.delete(save=False)  # nothing kept of a refused record
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: GatheringAttachment, actor) -> None:
    """Deletes the attachment's record (the history keeps who did) and, once that is committed, its file."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment._history_user = recorder(actor)
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
