"""What a room may add besides links, home cards and member sections (branches/rooms.py): a section
of an organization's page, its own pages (Room.urls, added to the layer's namespace) and the names
of its exports in the export log (Room.export_kinds). The demo's part (Room.demo) is tried by the
honours demo (tests/registry/honours/test_demo.py)."""

import pytest
from django.urls import reverse

from branches import rooms
from registry.models import ExportLog


@pytest.fixture
def hooked(settings):
    settings.REGISTRY_ROOMS = [*settings.REGISTRY_ROOMS, "tests.branches.hooks_room"]


def test_a_room_adds_a_section_to_the_organization_page(hooked, client_for, staff, tree):
    body = client_for(staff).get(reverse("registry:organization_detail", args=[tree["fuzhou"].pk])).content.decode()
    assert f'<section id="hooked">{tree["fuzhou"].name} hooked</section>' in body
    # below the page's own cards, before the history
    assert body.index("hooked</section>") < body.index("<h2>修改记录</h2>")


def test_a_room_brings_its_pages_into_the_namespace_that_asks_for_them(hooked):
    assert [pattern.name for pattern in rooms.room_urlpatterns("tests")] == ["hooked_page"]
    assert "hooked_page" not in [pattern.name for pattern in rooms.room_urlpatterns("registry")]


def test_the_export_log_names_a_rooms_exports(hooked):
    assert ExportLog(kind="hooked_list").kind_label == "挂钩清单"
    assert ExportLog(kind="members").kind_label == str(ExportLog.KIND_LABELS["members"])
    assert ExportLog(kind="nobody_declares_it").kind_label == "nobody_declares_it"
