"""Letter pages: the committee's staff draft, edit, regenerate and mark sent; reviewers read;
secretaries see none (lists refused, guessed URLs 404). The PDFs render the Chinese text."""

import datetime
import io
import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from branches import clock
from branches.storage import private_storage
from outreach.letters import batches, services
from outreach.models import LetterBatch, LiaisonLetter
from tests.outreach.letters.conftest import BANGTOU, JIANGJING

LIST = reverse("letters:letter_list")


def generate(client, year=2026, half=1):
    return client.post(reverse("letters:letters_generate"), {"year": year, "half": half})


def pdf_text(response) -> tuple[str, int]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_staff_draft_a_half_year_from_the_register(client_for, staff, homes):
    client = client_for(staff)
    assert client.get(reverse("letters:letters_generate")).status_code == 405
    response = generate(client)
    assert response.status_code == 302
    assert LiaisonLetter.objects.count() == 2
    page = client.get(LIST, {"year": 2026, "half": 1})
    assert {letter.home_organization for letter in page.context["page"].object_list} == {JIANGJING, BANGTOU}
    assert page.context["periods"] == [{"year": 2026, "half": 1, "letters": 2, "sent": 0}]


def test_a_half_year_not_begun_is_refused(client_for, staff, homes):
    generate(client_for(staff), year=2099, half=2)
    assert not LiaisonLetter.objects.exists()


def test_the_letter_pdf_renders_the_home_organization_and_the_count(client_for, staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=JIANGJING)
    text, pages = pdf_text(client_for(staff).get(reverse("letters:letter_pdf", args=[letter.pk])))
    compact = re.sub(r"\s+", "", text)
    assert JIANGJING in compact and "福建商会党委" in compact
    assert re.search(r"\D3\D", text), text[:400]  # the member count, as a number of its own
    assert "林一" in compact and "林三" in compact and pages >= 2


def test_a_half_year_prints_in_the_background_then_downloads_as_one_pdf(
    client_for, staff, homes, django_capture_on_commit_callbacks
):
    services.letters_generate(year=2026, half=1, actor=staff)
    client = client_for(staff)  # a reviewer prints nothing: a batch is a write (issue 20 §7)
    assert client.get(reverse("letters:period_pdf", args=[2026, 1])).status_code == 405
    started = client.post(reverse("letters:period_pdf", args=[2026, 1]))
    batch = LetterBatch.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("letters:batch_detail", args=[batch.pk])
    page = client.get(started["Location"]).content.decode()  # the tests' tasks run at once: printed already
    assert "batch-download" in page and (batch.progress_done, batch.progress_total) == (2, 2)
    response = client.get(reverse("letters:batch_download", args=[batch.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    compact = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert (
        JIANGJING in compact and BANGTOU in compact and len(reader.pages) >= 4
    )  # each letter with its list of members
    # each letter numbers its own pages: every letter's first page says "page 1 of N"
    footers = [re.search(r"第(\d+)页共(\d+)页", re.sub(r"\s+", "", p.extract_text())).groups() for p in reader.pages]
    assert [page for page, _total in footers].count("1") == 2 and footers[-1][0] == footers[-1][1]
    assert client.post(reverse("letters:period_pdf", args=[2030, 1])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:period_pdf", args=[2026, 1]))
    assert LetterBatch.objects.count() == 1  # the newer file replaces the older
    assert not private_storage.exists(batch.file.name), "the older file is deleted from the storage with it"


def test_a_batch_still_printing_shows_its_progress_and_has_no_file_yet(client_for, staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)
    batch = LetterBatch.objects.create(year=2026, half=1, requested_by=staff, progress_done=1, progress_total=2)
    client = client_for(staff)
    page = client.get(reverse("letters:batch_detail", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and 'value="50"' in page and "batch-download" not in page
    assert client.get(reverse("letters:batch_download", args=[batch.pk])).status_code == 404
    assert client.post(reverse("letters:period_pdf", args=[2026, 1]))["Location"].endswith(f"/{batch.pk}/")


def test_a_batch_whose_worker_was_killed_fails_and_the_half_year_prints_again(client_for, staff, homes, settings):
    """A worker killed while printing leaves its batch "printing": once it has been silent for
    REGISTRY_IMPORT_STALE_SECONDS the batch is marked failed, its page says so and offers to print
    again, and a new request prints a new batch instead of being handed the dead one."""
    services.letters_generate(year=2026, half=1, actor=staff)
    started = timezone.now()
    batch = LetterBatch.objects.create(
        year=2026,
        half=1,
        requested_by=staff,
        state=LetterBatch.State.WORKING,
        heartbeat_at=started,
        progress_done=1,
        progress_total=2,
    )
    half_way = started + datetime.timedelta(seconds=settings.REGISTRY_IMPORT_STALE_SECONDS // 2)
    assert batches.fail_abandoned_batches(now=half_way) == 0, "a worker silent for a while is not given up yet"
    client = client_for(staff)
    assert client.post(reverse("letters:period_pdf", args=[2026, 1]))["Location"].endswith(f"/{batch.pk}/")

    LetterBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=started - datetime.timedelta(seconds=settings.REGISTRY_IMPORT_STALE_SECONDS + 1)
    )
    page = client.get(reverse("letters:batch_detail", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.state == LetterBatch.State.FAILED and batch.finished_at is not None
    assert "打印中途停止" in page and 'id="batch-again"' in page and 'http-equiv="refresh"' not in page
    again = client.post(reverse("letters:period_pdf", args=[2026, 1]))
    fresh = LetterBatch.objects.exclude(pk=batch.pk).get()
    assert again["Location"].endswith(f"/{fresh.pk}/") and fresh.state == LetterBatch.State.DONE
    assert fresh.heartbeat_at is not None


def test_a_file_printed_for_the_office_is_not_handed_to_a_reviewer_who_prints_none(
    client, staff, reviewer, homes, tree
):
    """The office's file holds the committee secretary's phone in full (they post the letters); a
    reviewer, a read-only role, starts no print batch (issue 20 §7: a batch is a write) and is not
    handed the office's."""
    from branches.models import Organization

    phone = "13955556666"
    Organization.objects.filter(pk=tree["committee"].pk).update(secretary_name="王书记", secretary_phone=phone)
    services.letters_generate(year=2026, half=1, actor=staff)
    client.force_login(staff)
    started = client.post(reverse("letters:period_pdf", args=[2026, 1]))
    batch = LetterBatch.objects.get(pk=started["Location"].rstrip("/").rsplit("/", 1)[1])
    pdf = PdfReader(io.BytesIO(client.get(reverse("letters:batch_download", args=[batch.pk])).content))
    assert phone in re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    client.force_login(reviewer)
    assert client.post(reverse("letters:period_pdf", args=[2026, 1])).status_code == 403
    assert LetterBatch.objects.count() == 1
    assert client.get(reverse("letters:batch_download", args=[batch.pk])).status_code == 404


def test_edit_regenerate_and_mark_sent_through_the_pages(client_for, staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=BANGTOU)
    client = client_for(staff)
    edit = reverse("letters:letter_edit", args=[letter.pk])
    data = {
        "reference": "京闽商党函〔2026〕1号",
        "members_text": "手写的第一部分",
        "organizations_text": letter.organizations_text,
        "participation_text": letter.participation_text,
        "performance_text": "",
    }
    assert client.post(edit, data).status_code == 302
    regenerate = reverse("letters:letter_regenerate", args=[letter.pk])
    response = client.post(regenerate, {})
    assert response.status_code == 200 and response.context["regenerate_form"].errors
    assert LiaisonLetter.objects.get(pk=letter.pk).members_text == "手写的第一部分"
    sent = reverse("letters:letter_sent", args=[letter.pk])
    response = client.post(sent, {"sent_on": "2026-07-10", "sent_via": "express"})
    assert response.status_code == 200 and "performance_text" not in response.context["sent_form"].fields
    assert response.context["sent_form"].non_field_errors()
    assert LiaisonLetter.objects.get(pk=letter.pk).state == "draft"
    assert client.post(edit, {**data, "reference": "", "performance_text": "陈四同志积极参加活动"}).status_code == 302
    response = client.post(sent, {"sent_on": "2026-07-10", "sent_via": "express"})
    assert response.context["sent_form"].has_error(NON_FIELD_ERRORS, "no_reference")
    assert LiaisonLetter.objects.get(pk=letter.pk).state == "draft"
    assert client.post(reverse("letters:letter_number", args=[letter.pk])).status_code == 302
    assert (
        LiaisonLetter.objects.get(pk=letter.pk).reference == f"〔{clock.today().year}〕第3号"
    )  # numbered in the year it is
    assert client.post(regenerate, {"replace_edits": "on"}).status_code == 302
    letter.refresh_from_db()
    assert letter.members_text != "手写的第一部分" and letter.performance_text == "陈四同志积极参加活动"
    assert (
        client.post(sent, {"sent_on": "2026-07-10", "sent_via": "express", "sent_reference": "EMS9"}).status_code == 302
    )
    letter.refresh_from_db()
    assert (letter.state, letter.sent_via, letter.sent_reference) == ("sent", "express", "EMS9")
    assert client.get(edit).status_code == 302  # a sent letter is no longer edited
    history = client.get(reverse("letters:letter_detail", args=[letter.pk])).context["history"]
    assert len(history) == 6 and all(entry["who"] == staff for entry in history)
    # when the draft was made, in local time to the minute (not the stored UTC with microseconds)
    times = [
        change
        for entry in history
        for change in entry["changes"]
        if str(change["field"]) == str(LiaisonLetter._meta.get_field("generated_at").verbose_name)
    ]
    assert times and all(
        re.fullmatch(r"(\d{4}-\d\d-\d\d \d\d:\d\d|—|)", change[side]) for change in times for side in ("old", "new")
    )
    assert timezone.localtime(letter.generated_at).strftime("%Y-%m-%d %H:%M") in [change["new"] for change in times]
    register = client.get(LIST, {"state": "sent"}).content.decode()
    assert BANGTOU in register and "2026-07-10" in register and JIANGJING not in register


def test_reviewers_read_letters_and_change_nothing(client_for, reviewer, staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=BANGTOU)
    client = client_for(reviewer)
    assert client.get(LIST).status_code == 200
    detail = client.get(reverse("letters:letter_detail", args=[letter.pk]))
    assert detail.status_code == 200 and not detail.context["may_edit"]
    assert client.get(reverse("letters:letter_pdf", args=[letter.pk])).status_code == 200
    assert client.get(reverse("letters:letter_edit", args=[letter.pk])).status_code == 403
    for name in ("letter_regenerate", "letter_sent"):
        assert client.post(reverse(f"letters:{name}", args=[letter.pk]), {"replace_edits": "on"}).status_code == 403
    assert generate(client, year=2025, half=2).status_code == 403
    assert LiaisonLetter.objects.count() == 2 and LiaisonLetter.objects.get(pk=letter.pk).history.count() == 1


def test_secretaries_see_no_letters(client_for, secretary_a, staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)
    letter = LiaisonLetter.objects.get(home_organization=JIANGJING)
    client = client_for(secretary_a)
    assert client.get(LIST).status_code == 403
    for name in ("letter_detail", "letter_edit", "letter_pdf", "letter_print"):
        assert client.get(reverse(f"letters:{name}", args=[letter.pk])).status_code == 404
    for name in ("letter_regenerate", "letter_sent"):
        assert client.post(reverse(f"letters:{name}", args=[letter.pk]), {}).status_code == 404
    assert client.post(reverse("letters:period_pdf", args=[2026, 1])).status_code == 403
    assert "letters/" not in client.get(reverse("home")).content.decode()


def test_the_register_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    from tests import factories

    for index in range(40):
        factories.make_member(tree["putian"], origin_organization=f"中共某{index}镇委员会")
    services.letters_generate(year=2026, half=1, actor=staff)
    client = client_for(staff)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 40
