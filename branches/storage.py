"""Where the registry keeps its files: uploads (imports, attachments, annual reports), what it
produces (error workbooks, printed batches of letters). Every file goes through Django's storage API
(`storages["private"]`, the STORAGES setting), never through a local path, so that several app
machines behind a load balancer and several task workers share them: the local disk by default
(MEDIA_ROOT/private/), an S3-compatible store when REGISTRY_S3_BUCKET is set (django-storages,
`pip install '.[s3]'`; README#deployment).

Private means no public URL: `url()` refuses, and a file leaves only through a view that checks
who may see it first.
"""

import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE = "private"  # the alias in settings.STORAGES (config/file_storage.py)


class PrivateFileSystemStorage(FileSystemStorage):
    """MEDIA_ROOT/private/ on the local disk (follows MEDIA_ROOT when a test changes it): a
    directory no URL serves. Several machines share it only when it is a shared disk (NFS); an
    S3-compatible store is the other way."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")


def _delegated(name):
    def method(self, *args, **kwargs):
        return getattr(storages[PRIVATE], name)(*args, **kwargs)

    method.__name__ = name
    return method


@deconstructible(path="branches.storage.PrivateStorage")
class PrivateStorage(Storage):
    """What the models' FileFields name: each call goes to `storages["private"]` as configured
    now (a test that overrides STORAGES moves the files, a migration names no backend)."""

    def url(self, name):
        raise ValueError("private files have no public URL: serve them through a view that checks access")


for _name in (
    "open",
    "save",
    "delete",
    "exists",
    "listdir",
    "size",
    "path",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
):
    setattr(PrivateStorage, _name, _delegated(_name))

private_storage = PrivateStorage()


def keep(field_file, name: str, content: bytes) -> None:
    """Stores `content` as the file of `field_file` (a FileField on an unsaved or saved record),
    under `name` made unique by the storage; the record itself is saved by the caller."""
    field_file.save(name, ContentFile(content), save=False)


def read(field_file) -> bytes:
    """The whole file, read through the storage (never from a local path)."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def forget_after_commit(*names: str) -> None:
    """Deletes these stored files once the transaction that stopped needing them commits: a rollback
    leaves them where the records still name them."""
    names = tuple(name for name in names if name)
    if names:
        transaction.on_commit(lambda: [private_storage.delete(name) for name in names])
