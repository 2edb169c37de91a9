"""A meeting's attachments (docs/orglife.md#attachments): images and PDFs by their content, under the
size cap, kept where no URL serves them, handed out only to those who see the organization."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.storage import private_storage
from registry.models import GatheringAttachment
from registry.orglife import services
from tests.outreach.helpers import shown, today

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting(tree):
    return services.gathering_create(
        data={"organization": tree["fuzhou_1"], "date": today(), "topic": "主题党日"}, kinds=("party_day",), actor=None
    )


def upload(client, meeting, name, content):
    return client.post(
        reverse("registry:meeting_attachment_add", args=[meeting.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def test_a_photo_and_a_pdf_are_kept_privately_and_served_to_those_who_see_them(
    client_for, secretary_a, secretary_b, media, meeting
):
    client = client_for(secretary_a)
    assert upload(client, meeting, "合影.png", PNG).status_code == 302
    assert upload(client, meeting, "签到表扫描.pdf", PDF).status_code == 302
    photo, scan = GatheringAttachment.objects.order_by("pk")
    assert (photo.content_type, scan.content_type) == ("image/png", "application/pdf")
    assert photo.name == "合影.png" and photo.file.name.endswith(".png") and "合影" not in photo.file.name
    assert (media / "private" / photo.file.name).read_bytes() == PNG
    with pytest.raises(ValueError):
        private_storage.url(photo.file.name)
    response = client.get(reverse("registry:meeting_attachment", args=[meeting.pk, photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    other = client_for(secretary_b)
    assert other.get(reverse("registry:meeting_attachment", args=[meeting.pk, photo.pk])).status_code == 404


def test_other_files_and_large_ones_are_refused_in_words(client_for, secretary_a, settings, meeting):
    client = client_for(secretary_a)
    disguised = upload(client, meeting, "photo.png", b"MZ\x90\x00 an executable")
    message = shown("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF: only these may be attached.") % {
        "name": "photo.png"
    }
    assert message in disguised.content.decode()
    settings.REGISTRY_ATTACHMENT_MAX_BYTES = 32
    assert upload(client, meeting, "big.pdf", PDF).status_code == 200
    assert not GatheringAttachment.objects.exists()


def test_removing_an_attachment_deletes_its_file(
    client_for, secretary_a, reviewer, media, meeting, django_capture_on_commit_callbacks
):
    client = client_for(secretary_a)
    upload(client, meeting, "合影.png", PNG)
    attachment = GatheringAttachment.objects.get()
    path = media / "private" / attachment.file.name
    delete = reverse("registry:meeting_attachment_delete", args=[meeting.pk, attachment.pk])
    assert client_for(reviewer).post(delete).status_code == 403
    client = client_for(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not GatheringAttachment.objects.exists() and not path.exists()
    assert GatheringAttachment.history.filter(id=attachment.pk, history_type="-").exists()
