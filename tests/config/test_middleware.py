"""A null character is refused before any view reads it: 400 with a sentence in Chinese, nothing
written (PostgreSQL cannot store one in any text, the export log included)."""

from django.urls import reverse

from registry.models import ExportLog, Member


def test_a_null_character_in_a_filter_or_a_form_is_refused_in_chinese(client_for, staff, tree):
    client = client_for(staff)
    listed = client.get(reverse("registry:member_export"), {"q": "王\x00"})
    posted = client.post(reverse("registry:member_create"), {"name": "王\x00芳", "organization": tree["putian"].pk})
    assert listed.status_code == posted.status_code == 400
    assert "空字符" in posted.content.decode()
    assert not ExportLog.objects.exists() and not Member.objects.exists()


def test_an_ordinary_request_passes(client_for, staff, tree):
    assert client_for(staff).get(reverse("registry:member_list"), {"q": "王"}).status_code == 200
