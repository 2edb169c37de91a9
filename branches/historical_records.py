"""django-simple-history's `HistoricalRecords`, as the registry uses it.

Two things on top of django-simple-history:

**Where the historical class lives.** For a model declared outside `<app>/models.py` (outreach
keeps its models in `outreach/models/contacts.py`, `certificates.py`…), django-simple-history
puts the historical class in the declaring module (`outreach.models.contacts.HistoricalContact`)
but sets its `__module__` to the app's package (`outreach`), where no such name exists. Anything
that imports a model by `__module__` and name then fails — `manage.py shell`'s automatic imports
(Django 5.2) said "12 objects could not be automatically imported" on every start. This subclass
gives the historical class the `__module__` of the module that holds it. Nothing in the database
changes.

**A save records only what it changed.** A record's history is read as the difference between
each history row and the one before it (registry/members/history.py). A write that keeps no
history row — a data migration (registry 0005 gave every member a 登记时间 and left the history
rows at the migration's day; 0007 moved 党费交至 to the first of the month), a `bulk_update`,
an `update()` by hand — leaves the latest history row behind the record, and the next save
through a form then showed that difference as its own: editing only 职业 wrote "登记时间
2026-12-06 → 2014-01-08" under the editor's name. `record_unrecorded_changes` (called by
`branches.services.save_with_history` before every save of an existing record) first writes the
record as it was found, in a row of its own that names nobody and says so, so that the editor's
row holds exactly what the editor changed.

It lives in `branches`, the lowest app, so that every app may use it (imports run
outreach → registry → branches).
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop
from simple_history import manager as simple_history_manager
from simple_history import models as simple_history_models

# The reason of a row written by record_unrecorded_changes: stored in English (at most 100
# characters, the length of history_change_reason), shown translated (registry/members/history.py).
FOUND_CHANGED = gettext_noop(
    "changed earlier without a history record (by whom and when is not known): recorded as found"
)


class HistoricalRecords(simple_history_models.HistoricalRecords):
    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        if not inherited:
            # `finalize()` sets the class as an attribute of `self.module` (the declaring module).
            history_model.__module__ = self.module
        return history_model

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            # record_unrecorded_changes writes a row through the same machinery as a save.
            sender._meta.historical_records = self
            # `record.history` with the manager's class made once (see HistoryDescriptor below).
            found = sender.__dict__.get(self.manager_name)
            if isinstance(found, simple_history_manager.HistoryDescriptor):
                setattr(
                    sender, self.manager_name, HistoryDescriptor(found.model, found.manager_class, found.queryset_class)
                )


class HistoryDescriptor(simple_history_manager.HistoryDescriptor):
    """django-simple-history's `record.history`, whose class it made anew at each use
    (`Manager.from_queryset`, which inspects every method of the queryset class): at every save,
    whose history row is written through it, a quarter of a millisecond. The class is made once."""

    def __get__(self, instance, owner):
        manager_class = self.__dict__.get("_made")
        if manager_class is None:
            manager_class = self._made = self.manager_class.from_queryset(self.queryset_class)
        return manager_class(self.model, instance)


def record_unrecorded_changes(instance) -> bool:
    """If `instance`'s stored row differs from its latest history row (or it has none), writes a
    history row of the row as stored, naming nobody, with the reason FOUND_CHANGED. Call it before
    saving changes to an existing record; returns whether a row was written. Two queries."""
    model = type(instance)
    if not hasattr(model._meta, "simple_history_manager_attribute") or instance.pk is None or instance._state.adding:
        return False
    records = getattr(model._meta, "historical_records", None)
    if records is None:
        raise ImproperlyConfigured(
            f"{model.__name__}: declare its history with branches.historical_records.HistoricalRecords"
        )
    stored = model._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return False
    latest = getattr(stored, records.manager_name).order_by("-history_date", "-history_id").first()
    fields = records.fields_included(model)  # what the history keeps (less its excluded_fields)
    if latest is not None and all(getattr(latest, field.attname) == getattr(stored, field.attname) for field in fields):
        return False
    stored._history_user = None
    stored._change_reason = FOUND_CHANGED
    records.create_historical_record(stored, "~")
    return True
