"""A record's history as people read it: who, when, which field, old → new."""

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.members.masking import PERSONAL_FIELDS, mask
from spreadsheets.dates import format_partial_date

HIDDEN_FIELDS = {"path"}
KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _display(field, value, names: dict, precision: str | None = None):
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateTimeField):  # local time, to the minute (not the stored UTC)
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateField) and precision:
        return format_partial_date(value, precision)
    return str(value)


def history_entries(instance, *, show_personal_data: bool, limit: int = 200) -> list[dict]:
    """Newest first. Two queries plus one per foreign-key model referenced, whatever the length.

    ID numbers and phones are masked unless the viewer may see them in full."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(instance)
    kept = {f.name for f in instance.history.model._meta.fields}  # less the history's excluded_fields
    fields = [
        f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS and not f.primary_key and f.name in kept
    ]
    fk_ids: dict = {}
    for field in fields:
        if isinstance(field, models.ForeignKey):
            ids = {getattr(r, field.attname) for r in records} - {None}
            if ids:
                fk_ids[field.related_model] = fk_ids.get(field.related_model, set()) | ids
    names = {}
    for related_model, ids in fk_ids.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            names[(related_model, obj.pk)] = str(obj)

    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):  # no rows at all: no entries
        changes = []
        for field in fields:
            if field.name.endswith("_precision"):
                continue
            new = getattr(newer, field.attname)
            old = getattr(older, field.attname) if older is not None else None
            precision_name = f"{field.name}_precision"
            has_precision = hasattr(newer, precision_name)
            new_precision = getattr(newer, precision_name) if has_precision else None
            old_precision = getattr(older, precision_name) if has_precision and older is not None else None
            if older is not None and new == old and new_precision == old_precision:
                continue
            if older is None and new in (None, ""):
                continue
            old_text = _display(field, old, names, old_precision) if older is not None else ""
            new_text = _display(field, new, names, new_precision)
            if field.name in PERSONAL_FIELDS and not show_personal_data:
                kind = PERSONAL_FIELDS[field.name]
                old_text = mask(kind, old) if old else old_text
                new_text = mask(kind, new) if new else new_text
            changes.append({"field": field.verbose_name, "old": old_text, "new": new_text})
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": KIND_LABELS.get(newer.history_type, newer.history_type),
                # Reasons kept in English (branches.historical_records.FOUND_CHANGED) are shown translated;
                # others were translated when written.
                "reason": gettext(newer.history_change_reason) if newer.history_change_reason else "",
                "changes": changes,
            }
        )
    return entries[:limit]
