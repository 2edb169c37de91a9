"""Files through the storage API (issue 27 §3; branches/storage.py, config/file_storage.py): an
import's upload, its error workbook and a meeting's attachment are kept in the storage that
STORAGES["private"] names and served from there, never from a local path — so that several app
machines and task workers share them through an S3-compatible bucket."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.file_storage import storages_from_environment
from registry.models import GatheringAttachment, ImportRun, Member
from registry.orglife import services
from tests.outreach.helpers import today
from tests.registry.imports.test_import_views import roster, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def elsewhere(settings, tmp_path):
    """A second storage location, in memory (it has no local path to lean on); the local disk stays empty."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return storages["private"]


def stored(storage, name) -> bytes:
    with storage.open(name, "rb") as handle:
        return handle.read()


def test_an_import_its_error_workbook_and_an_attachment_are_kept_and_served_where_configured(
    elsewhere, client_for, staff, secretary_a, tree, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    workbook = roster(tree, good=2, bad=1)
    upload(client, workbook)
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.PREVIEW, run.message  # the check read the upload from there
    assert stored(elsewhere, run.file.name) == workbook
    errors = client.get(reverse("registry:import_errors", args=[run.pk]))
    assert errors.status_code == 200 and errors.content == stored(elsewhere, run.error_workbook.name)

    uploaded = run.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and Member.objects.count() == 2
    assert not run.file and not elsewhere.exists(uploaded), "the upload is dropped from the storage once written"
    assert elsewhere.exists(run.error_workbook.name)

    meeting = services.gathering_create(
        data={"organization": tree["fuzhou_1"], "date": today(), "topic": "主题党日"}, kinds=("party_day",), actor=None
    )
    secretary = client_for(secretary_a)
    secretary.post(
        reverse("registry:meeting_attachment_add", args=[meeting.pk]), {"file": SimpleUploadedFile("合影.png", PNG)}
    )
    attachment = GatheringAttachment.objects.get()
    assert stored(elsewhere, attachment.file.name) == PNG
    served = secretary.get(reverse("registry:meeting_attachment", args=[meeting.pk, attachment.pk]))
    assert b"".join(served.streaming_content) == PNG
    assert not [path for path in tmp_path.rglob("*") if path.is_file()], "nothing on the local disk"


def test_the_files_go_to_a_bucket_when_one_is_named():
    local = storages_from_environment({}, debug=True)
    assert local["private"] == {"BACKEND": "branches.storage.PrivateFileSystemStorage"}
    shared = storages_from_environment(
        {
            "REGISTRY_S3_BUCKET": "registry",
            "REGISTRY_S3_ENDPOINT_URL": "http://minio:9000",
            "REGISTRY_S3_PREFIX": "fj/",
        },
        debug=False,
    )
    private = shared["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["OPTIONS"]["bucket_name"] == "registry" and private["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert private["OPTIONS"]["location"] == "fj/private" and shared["default"]["OPTIONS"]["location"] == "fj/media"
    assert "access_key" not in private["OPTIONS"], "the keys come from the environment, as boto3 reads them"
    assert shared["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
