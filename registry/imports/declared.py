"""Which import kinds the rooms declare (`Room.import_kinds`, branches/rooms.py), by name, and what
each is called. Apart from registry/imports/kinds.py (which runs them) so that the models may name
a run's kind (ImportRun.kind_shown) without importing the import machinery, which imports the
models: the importers are found by their dotted paths when first asked for.
"""

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from branches.rooms import rooms
from spreadsheets.importer import Importer

__all__ = ["importers", "label_for"]


@cache
def importers() -> dict[str, type[Importer]]:
    """Every kind the rooms declare, by its name, in the rooms' order (settings.REGISTRY_ROOMS)."""
    found: dict[str, type[Importer]] = {}
    for room in rooms():
        for path in room.import_kinds:
            importer = import_string(path)
            if not (isinstance(importer, type) and issubclass(importer, Importer) and importer.kind):
                raise ImproperlyConfigured(f"{path} (room {room.name}) is not an Importer with a kind")
            if importer.kind in found:
                raise ImproperlyConfigured(f"Two importers of the kind {importer.kind!r}: {path} and another room's")
            found[importer.kind] = importer
    return found


@receiver(setting_changed)
def _forget_importers(*, setting, **_kwargs):
    if setting == "REGISTRY_ROOMS":
        importers.cache_clear()


def label_for(kind: str) -> str:
    """What a kind is called where people read it (party members → 党员); a kind no room declares
    any more (an old run's) as it is stored."""
    importer = importers().get(kind)
    return str(importer.kind_label) if importer else kind
