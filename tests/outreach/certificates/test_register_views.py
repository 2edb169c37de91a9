"""The certificate register's pages: official columns, filters, export (logged), members without a
certificate, yearly reviews due/overdue; scope (lists, details, exports, guessed URLs); POST-only
writes with messages and nothing written on bad input; bounded queries."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from outreach.certificates import selectors, services
from outreach.models import Certificate, CertificateReview
from registry.models import ExportLog, Member
from tests import factories
from tests.outreach.certificates.conftest import make_certificate

LIST = reverse("certificates:certificate_list")
CREATE = reverse("certificates:certificate_create")
OFFICIAL = ["姓名", "所在支部", "发证时间", "外出原因", "外出地点", "外出时间"]


def names(response):
    return {certificate.member.name for certificate in response.context["page"].object_list}


def test_the_list_shows_the_official_columns(client_for, staff, mobile):
    make_certificate(mobile["fuzhou"], destination="北京市丰台区")
    response = client_for(staff).get(LIST)
    html = response.content.decode()
    positions = [html.index(f'{header}<span class="arrow">') for header in OFFICIAL]  # sortable headers
    assert positions == sorted(positions)
    assert "北京市丰台区" in html and "林福州" in html and "福州商会第一党支部" in html


def test_a_secretary_sees_only_their_subtree(client_for, secretary_a, secretary_b, mobile):
    own = make_certificate(mobile["fuzhou"])
    other = make_certificate(mobile["putian"])
    client = client_for(secretary_a)
    assert names(client.get(LIST)) == {"林福州"}
    assert client.get(reverse("certificates:certificate_detail", args=[own.pk])).status_code == 200
    for name in ("certificate_detail", "certificate_edit", "certificate_application_pdf"):
        assert client.get(reverse(f"certificates:{name}", args=[other.pk])).status_code == 404
    for name in ("review_add", "certificate_end"):
        assert client.post(reverse(f"certificates:{name}", args=[other.pk]), {}).status_code == 404
    assert selectors.certificate_figures(secretary_b)["total"] == 1


def test_a_reviewer_reads_but_changes_nothing(client_for, reviewer, mobile):
    certificate = make_certificate(mobile["fuzhou"])
    client = client_for(reviewer)
    assert client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).status_code == 200
    assert client.get(reverse("certificates:certificate_edit", args=[certificate.pk])).status_code == 403
    assert client.get(CREATE).status_code == 403
    response = client.post(
        reverse("certificates:certificate_end", args=[certificate.pk]),
        {"ended_on": "2025-01-01", "end_reason": "voided"},
    )
    assert response.status_code == 403
    assert Certificate.objects.get().is_valid


def test_filters(client_for, staff, mobile, tree):
    make_certificate(mobile["fuzhou"], reason="business", issued_on=datetime.date(2023, 5, 1))
    ended = make_certificate(mobile["putian"], issued_on=datetime.date(2024, 5, 1))
    services.certificate_end(certificate=ended, ended_on=datetime.date(2025, 1, 1), end_reason="returned", actor=None)
    client = client_for(staff)
    assert names(client.get(LIST, {"state": "valid"})) == {"林福州"}
    assert names(client.get(LIST, {"state": "returned"})) == {"陈莆田"}
    assert names(client.get(LIST, {"reason": "business"})) == {"林福州"}
    assert names(client.get(LIST, {"organization": tree["fuzhou"].pk})) == {"林福州"}
    assert names(client.get(LIST, {"q": "陈莆"})) == {"陈莆田"}
    assert names(client.get(LIST, {"issued_year": 2024})) == {"陈莆田"}
    assert names(client.get(LIST, {"state": "nonsense"})) == set()


def test_yearly_review_due_and_overdue(client_for, staff, tree):
    today = clock.today()
    overdue = factories.make_member(tree["putian"], name="逾期")
    make_certificate(overdue, issued_on=today - datetime.timedelta(days=400))
    due = factories.make_member(tree["putian"], name="将到期")
    make_certificate(due, issued_on=today - datetime.timedelta(days=350))
    reviewed = factories.make_member(tree["putian"], name="已审验")
    certificate = make_certificate(reviewed, issued_on=today - datetime.timedelta(days=800))
    services.review_add(
        certificate=certificate,
        actor=None,
        data={"reviewed_on": today - datetime.timedelta(days=40), "reviewed_by": "莆田商会党支部"},
    )
    client = client_for(staff)
    assert names(client.get(LIST, {"review": "overdue"})) == {"逾期"}
    assert names(client.get(LIST, {"review": "due"})) == {"将到期"}
    figures = selectors.certificate_figures(staff)
    assert (figures["overdue"], figures["due"], figures["valid"]) == (1, 1, 3)


def test_members_without_a_valid_certificate(client_for, secretary_a, staff, tree, mobile):
    make_certificate(mobile["putian"])
    factories.make_member(tree["fuzhou_2"], name="自管党员", category="self_managed")
    ended_holder = factories.make_member(tree["fuzhou_2"], name="已返乡")
    certificate = make_certificate(ended_holder)
    services.certificate_end(
        certificate=certificate, ended_on=datetime.date(2025, 1, 1), end_reason="returned", actor=None
    )
    url = reverse("certificates:missing_list")
    staff_names = {m.name for m in client_for(staff).get(url).context["page"].object_list}
    assert staff_names == {"林福州", "已返乡"}
    assert {m.name for m in client_for(secretary_a).get(url).context["page"].object_list} == {"林福州", "已返乡"}


def test_the_missing_figure_is_the_missing_lists_length(secretary_a, staff, tree, mobile):
    """certificate_figures counts the members who need a certificate less the valid certificates of such
    members: neither a former member's nor a self-managed member's certificate may take one off."""
    make_certificate(mobile["putian"])
    ended_holder = factories.make_member(tree["fuzhou_2"], name="已返乡")
    services.certificate_end(
        certificate=make_certificate(ended_holder),
        ended_on=datetime.date(2025, 1, 1),
        end_reason="returned",
        actor=None,
    )
    former = factories.make_member(tree["fuzhou_1"], name="已离开")
    make_certificate(former)
    Member.all_members.filter(pk=former.pk).update(left_on=datetime.date(2026, 1, 5), left_as="left_area")
    self_managed = factories.make_member(tree["fuzhou_1"], name="改为自管")
    make_certificate(self_managed)
    Member.objects.filter(pk=self_managed.pk).update(category="self_managed")
    for user, expected in ((staff, 2), (secretary_a, 2)):  # 林福州 and 已返乡
        assert selectors.certificate_figures(user)["missing"] == expected
        assert selectors.members_without_certificate(user).count() == expected


def test_export_is_what_the_list_shows_and_is_logged(client_for, secretary_a, mobile):
    make_certificate(mobile["fuzhou"], destination="=cmd|' /C calc'!A0")
    make_certificate(mobile["putian"])
    response = client_for(secretary_a).get(reverse("certificates:certificate_export"), {"state": "valid"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == OFFICIAL
    assert [row[0] for row in rows[1:]] == ["林福州"]
    assert rows[1][1] == "福州商会第一党支部"
    assert sheet.cell(row=2, column=5).data_type == "s"  # a formula-looking text stays text
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.rows, log.filters) == (secretary_a, "certificates", 1, {"state": "valid"})


def test_the_list_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(30):
        member = factories.make_member(tree["putian"])
        certificate = make_certificate(member, number=f"N{index}")
        services.review_add(
            certificate=certificate, actor=None, data={"reviewed_on": datetime.date(2025, 3, 1), "reviewed_by": "x"}
        )
    client = client_for(staff)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 30
    with django_assert_max_num_queries(10):
        client.get(reverse("certificates:missing_list"))


def form(who, **changes):
    data = {
        "member": who.id_number if who else "",
        "number": "FJ-2024-0001",
        "issuing_organization": "",
        "issued_on": "2024.3.1",
        "reason": "work",
        "destination": "北京市朝阳区",
        "left_on": "2023-12-01",
        "notes": "",
    }
    data.update(changes)
    return data


def test_a_secretary_records_a_certificate_for_their_member(client_for, secretary_a, mobile):
    response = client_for(secretary_a).post(CREATE, form(mobile["fuzhou"]))
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "certificates:certificate_detail", args=[certificate.pk]
    )
    assert (certificate.issued_on, certificate.issuing_organization) == (
        datetime.date(2024, 3, 1),
        "中共福清市江镜镇委员会",
    )
    assert certificate.history.get().history_user == secretary_a


@pytest.mark.parametrize(
    "changes, field, code",
    [
        ({"member": "350102198001010011"}, "member", "unknown_member"),
        ({"issued_on": "2024-03"}, "issued_on", "date_month_only"),
        ({"issued_on": "去年"}, "issued_on", "date_format"),
        ({"number": ""}, "number", "required"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(client_for, staff, mobile, changes, field, code):
    response = client_for(staff).post(CREATE, form(mobile["fuzhou"], **changes))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]
    assert not Certificate.objects.exists()


def test_a_member_outside_the_subtree_is_unknown_to_the_secretary(client_for, secretary_a, mobile):
    response = client_for(secretary_a).post(CREATE, form(mobile["putian"]))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["member"]] == ["unknown_member"]
    assert not Certificate.objects.exists()


def test_a_duplicate_number_is_shown_next_to_the_field(client_for, staff, mobile):
    make_certificate(mobile["putian"], number="FJ-2024-0001")
    response = client_for(staff).post(CREATE, form(mobile["fuzhou"]))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["number"]] == ["unique"]
    assert Certificate.objects.count() == 1


def test_review_and_end_through_the_page(client_for, staff, mobile):
    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    client = client_for(staff)
    url = reverse("certificates:review_add", args=[certificate.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reviewed_on": "2024-01-01", "reviewed_by": "支部", "passed": "on"})
    assert response.status_code == 200 and "reviewed_on" in response.context["review_form"].errors
    assert not CertificateReview.objects.exists()
    assert client.post(url, {"reviewed_on": "2025-03-01", "reviewed_by": "支部", "passed": "on"}).status_code == 302
    end = reverse("certificates:certificate_end", args=[certificate.pk])
    response = client.post(end, {"ended_on": "2024-02-01", "end_reason": "returned"})
    assert response.status_code == 200 and "ended_on" in response.context["end_form"].errors
    assert Certificate.objects.get().is_valid
    assert client.post(end, {"ended_on": "2025-06-01", "end_reason": "returned"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.end_reason == "returned"
    history = client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).context["history"]
    assert len(history) == 3 and all(entry["who"] == staff for entry in history[:2])
    assert "2025-03-01" in history[1]["reason"]  # the review, with who recorded it


def test_edit_changes_and_history(client_for, staff, mobile):
    certificate = make_certificate(mobile["fuzhou"])
    url = reverse("certificates:certificate_edit", args=[certificate.pk])
    data = form(
        None,
        number=certificate.number,
        issuing_organization=certificate.issuing_organization,
        issued_on="2024-03-01",
        destination="北京市海淀区",
    )
    data.pop("member")
    assert client_for(staff).post(url, data).status_code == 302
    certificate.refresh_from_db()
    assert certificate.destination == "北京市海淀区" and certificate.history.count() == 2


def test_member_page_and_home_page_show_the_certificate(client_for, staff, mobile):
    certificate = make_certificate(mobile["fuzhou"], number="FJ-HOME-1")
    client = client_for(staff)
    page = client.get(reverse("registry:member_detail", args=[mobile["fuzhou"].pk])).content.decode()
    assert 'id="member-certificates"' in page and "FJ-HOME-1" in page
    assert 'id="home-certificates"' in client.get(reverse("home")).content.decode()
    assert certificate.pk
