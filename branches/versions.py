"""No lost update: an edit form carries the version of the record it was read at, and the service
refuses to save it over a record that changed since, naming what changed.

The version is read from the record's history, which every write already keeps in the same
transaction (services through `save_with_history`, imports through their fast writer, the admin
through the services): "<number of history rows>.<id of the latest>". No column to add or to
remember to bump, the same on SQLite and PostgreSQL, and right under several workers:

- the check runs inside the service's transaction, after locking the record's row
  (`select_for_update`): on PostgreSQL a second save of the same record waits there until the
  first commits, then reads its history row (READ COMMITTED: each statement sees what was
  committed before it) and is refused; SQLite lets one writer at a time into the file;
- the number of rows, not only the latest id, is compared, so a change committed with a lower id
  after a later one (two writers' sequence values committed out of order) still counts.

A form saved without a version (a client that predates it) is not checked.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELD = "version"
# The version of a record that was not there yet when the form was read (a form that creates or
# changes, like a survey round's count for one organization): any record found at saving is newer.
NOT_THERE_YET = "0.0"
VERSION_PATTERN = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})")


def version_of(instance) -> str:
    """The record's version now: its history rows counted, and the latest one's id."""
    figures = (
        type(instance)
        .history.filter(**{instance._meta.pk.attname: instance.pk})
        .aggregate(
            rows=Count("pk"),
            latest=Max("pk"),
        )
    )
    return f"{figures['rows']}.{figures['latest'] or 0}"


class StaleEdit(ValidationError):
    """A save refused because the record changed after the form was read: the messages say what
    changed (field: as read → as it is now); `current_version` lets the form be saved again on purpose."""

    def __init__(self, messages: list[str], *, current_version: str):
        super().__init__(messages, code="stale")
        self.current_version = current_version


def check_version(instance, version: str | None) -> None:
    """Refuses (StaleEdit) if `instance` changed since `version` was read. Call it first thing
    inside the service's transaction; it locks the record's row until that transaction ends."""
    if not version:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_version() belongs inside the service's transaction")
    model = type(instance)
    list(model._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk"))
    current = version_of(instance)
    if current == version:
        return
    raise StaleEdit(_changes_since(instance, version), current_version=current)


def _changes_since(instance, version: str) -> list[str]:
    history = type(instance).history.filter(**{instance._meta.pk.attname: instance.pk})
    latest = history.select_related("history_user").order_by("-pk").first()
    match = VERSION_PATTERN.fullmatch(version)
    read = history.filter(pk=int(match.group(2))).first() if match else None
    if latest is None:
        return [_("This record was changed after you opened the form. Check it, then save again.")]
    headline = _(
        "This record was changed by %(user)s at %(when)s, after you opened the form: your changes were not "
        "saved. What changed since you opened it is listed below (as you saw it → as it is now); what you "
        "typed is kept in the form. Check it, then save again to keep your version."
    ) % {
        "user": latest.history_user or _("someone"),
        "when": date_format(timezone.localtime(latest.history_date), "Y-m-d H:i"),
    }
    if read is None:
        return [headline]
    lines = []
    before, after = read.instance, latest.instance
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key or not hasattr(read, field.attname):
            continue
        if getattr(before, field.attname) != getattr(after, field.attname):
            lines.append(
                _("%(field)s: %(before)s → %(after)s")
                % {
                    "field": field.verbose_name,
                    "before": _shown(before, field),
                    "after": _shown(after, field),
                }
            )
    return [headline, *lines]


def _shown(record, field) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return _("(empty)")
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


class VersionedForm:
    """Mixin for an edit form: a hidden field with the version the record was read at, read back
    after validation as `read_version` (and left out of `cleaned_data`, so services never see it)."""

    version_label = gettext_lazy("version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            max_length=40,
            label=self.version_label,
        )
        self.read_version = None
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = version_of(instance)

    def clean(self):
        cleaned = super().clean()
        self.read_version = self.cleaned_data.pop(VERSION_FIELD, "") or None
        return cleaned

    def reread(self, current_version: str) -> None:
        """After a StaleEdit: the form shows what was typed, and saving it again is deliberate."""
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = current_version
