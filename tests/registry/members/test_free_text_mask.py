"""The free-text mask over what a reviewer receives (issue 20 §6): every whole ID number and mobile
number in a page or a workbook's text cells, whatever field it was typed into; nothing else
changes (a static file's hash, a number cell, the workbook's shape)."""

import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from registry.members import masking
from registry.models import Member

ID_NUMBER, MOBILE = "350203198302272113", "18612345032"


def test_a_page_keeps_no_whole_number_and_nothing_else_changes():
    page = f'<p>备注：身份证{ID_NUMBER}，电话{MOBILE}。</p><link href="/static/app.13912345678a.css">'
    masked = masking.mask_page(page)
    assert ID_NUMBER not in masked and MOBILE not in masked and len(masked) == len(page)
    assert "350***********2113" in masked and "186****5032" in masked
    assert "app.13912345678a.css" in masked


def test_a_workbook_keeps_no_whole_number_in_its_text_and_its_numbers_as_they_are():
    workbook = Workbook()
    workbook.active.append(["务工地址", f"厦门 {MOBILE}", 13912345678, f"{ID_NUMBER}"])
    content = io.BytesIO()
    workbook.save(content)
    rows = list(load_workbook(io.BytesIO(masking.mask_workbook(content.getvalue()))).active.values)
    assert rows == [("务工地址", "厦门 186****5032", 13912345678, "350***********2113")]


def test_a_reviewer_reads_the_notes_masked_and_staff_in_full(client_for, reviewer, staff, members):
    member = members["putian"][0]
    Member.objects.filter(pk=member.pk).update(notes=f"家属电话{MOBILE}", work_address=f"厦门身份证{ID_NUMBER}")
    url = reverse("registry:member_detail", args=[member.pk])
    page = client_for(reviewer).get(url).content.decode()
    assert MOBILE not in page and ID_NUMBER not in page and "186****5032" in page
    page = client_for(staff).get(url).content.decode()
    assert MOBILE in page and ID_NUMBER in page
