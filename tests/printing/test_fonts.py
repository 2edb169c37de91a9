"""The papers are Simplified Chinese and are set in the Simplified Chinese faces of Noto CJK
everywhere — the text, the headings and the page footers ("第 1 页 共 2 页"). The same Debian package
(fonts-noto-cjk) holds the Japanese, Korean and Traditional faces in the same files, and text that
names no face of its own (a page's margin boxes) was set in Noto Sans CJK JP, whose forms of some
characters are not the Chinese ones."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from outreach.letters import services as letter_services
from outreach.models import LiaisonLetter
from registry.models import Member
from registry.movements import rules
from registry.movements import services as movement_services
from tests import factories

pytestmark = pytest.mark.django_db


def embedded_fonts(content: bytes) -> set[str]:
    """The names of the fonts the PDF embeds, without the subset tag: {"Noto-Serif-CJK-SC", …}."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def only_simplified_chinese_faces(fonts: set[str]) -> bool:
    return bool(fonts) and all("CJK-SC" in name for name in fonts)


def test_a_liaison_letter_is_set_in_simplified_chinese_faces_only(client_for, staff, tree):
    for name in ("林一", "林二"):
        factories.make_member(tree["fuzhou_1"], name=name, origin_organization="中共福清市江镜镇委员会")
    letter_services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get()
    response = client_for(staff).get(reverse("letters:letter_pdf", args=[letter.pk]))
    fonts = embedded_fonts(response.content)
    assert only_simplified_chinese_faces(fonts), fonts
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= fonts  # the text, and the footer with the page numbers


def test_an_introduction_letter_is_set_in_simplified_chinese_faces_only(client_for, secretary_a, tree):
    member = factories.make_member(
        tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    event = rules.Event(
        kind="transfer_out",
        date=datetime.date(2026, 1, 5),
        other_side="中共天津市某企业委员会",
        letter_number="ZC-2026-001",
    )
    movement = movement_services.movement_record(member=member, event=event, actor=None)
    response = client_for(secretary_a).get(reverse("registry:transfer_letter_pdf", args=[movement.pk]))
    fonts = embedded_fonts(response.content)
    assert only_simplified_chinese_faces(fonts), fonts
