"""No lost update, on every edit form: two people open the same record's form, the first saves one
field, the second saves another from the form as they read it — refused, the first change named,
what the second typed kept, nothing of theirs written."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from branches.models import Chamber, Enterprise, Organization
from outreach.models import Certificate, LiaisonLetter, ReverseIssuanceRequest, ServiceCase
from registry.models import Candidate, Gathering, Member, SurveyRound
from tests.forms import form_as_read


def draft_letter() -> LiaisonLetter:
    """The demo's letters are all sent: the next half year's drafts, as staff make them."""
    from outreach.letters import services

    latest = LiaisonLetter.objects.order_by("-year", "-half").first()
    year, half = (latest.year, 2) if latest.half == 1 else (latest.year + 1, 1)
    return services.letters_generate(year=year, half=half, actor=None)["created"][0]


# kind: (URL name, the record, (field, value) saved first, (field, value) typed from the stale form)
EDIT_FORMS = {
    "member": (
        "registry:member_edit",
        lambda: Member.objects.order_by("pk").first(),
        ("occupation", "第一位的职业"),
        ("notes", "第二位的备注"),
    ),
    "organization": (
        "registry:organization_edit",
        lambda: Organization.objects.filter(level="branch").order_by("pk").first(),
        ("secretary_name", "甲书记"),
        ("secretary_name", "乙书记"),
    ),
    "chamber": (
        "registry:chamber_edit",
        lambda: Chamber.objects.order_by("pk").first(),
        ("supervising_department", "第一位的主管单位"),
        ("name", "第二位改的商会名"),
    ),
    "enterprise": (
        "registry:enterprise_edit",
        lambda: Enterprise.objects.order_by("pk").first(),
        ("address", "第一位的地址"),
        ("industry", "第二位的行业"),
    ),
    "certificate": (
        "certificates:certificate_edit",
        lambda: Certificate.objects.order_by("pk").first(),
        ("destination", "第一位的外出地点"),
        ("notes", "第二位的备注"),
    ),
    "request": (
        "certificates:request_edit",
        lambda: ReverseIssuanceRequest.objects.filter(state=ReverseIssuanceRequest.State.FILLED).order_by("pk").first(),
        ("home_address", "第一位的家乡地址"),
        ("notes", "第二位的备注"),
    ),
    "letter": (
        "letters:letter_edit",
        lambda: draft_letter(),
        ("reference", "第一位的文号"),
        ("performance_text", "第二位写的表现"),
    ),
    "case": (
        "outreach:case_edit",
        lambda: ServiceCase.objects.order_by("pk").first(),
        ("summary", "第一位的诉求"),
        ("outcome_note", "第二位的结果"),
    ),
    "activity": (
        "outreach:activity_edit",
        lambda: Gathering.objects.order_by("pk").first(),  # an activity is a gathering (registry/orglife)
        ("place", "第一位的地点"),
        ("notes", "第二位的备注"),
    ),
    "candidate": (
        "registry:candidate_edit",
        lambda: Candidate.objects.order_by("pk").first(),
        ("notes", "第一位的备注"),
        ("name", "第二位改的名"),
    ),
    "survey round": (
        "registry:survey_edit",
        lambda: SurveyRound.objects.order_by("pk").first(),
        ("notes", "第一位的备注"),
        ("name", "第二位改的轮次"),
    ),
}


@pytest.mark.parametrize("kind", EDIT_FORMS)
def test_a_stale_save_is_refused_on_every_edit_form(demo_db, kind):
    route, record_of, (first_field, first_value), (second_field, second_value) = EDIT_FORMS[kind]
    record = record_of()
    assert record is not None, f"the demo has no {kind} to edit"
    url = reverse(route, args=[record.pk])
    staff = get_user_model().objects.get(username="staff")
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(staff)
    first_form, second_form = form_as_read(first.get(url)), form_as_read(second.get(url))
    assert second_form["version"] == first_form["version"] != ""
    was = getattr(record, second_field)

    saved = first.post(url, {**first_form, first_field: first_value})
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    refused = second.post(url, {**second_form, second_field: second_value})

    assert refused.status_code == 200
    record.refresh_from_db()
    assert getattr(record, first_field) == first_value
    if second_field != first_field:
        assert getattr(record, second_field) == was
    page = refused.content.decode()
    assert "您打开表单后" in page
    label = type(record)._meta.get_field(first_field).verbose_name
    assert f"{label}：" in page and f"→ {first_value}" in page
    assert second_value in page  # still in the form
    assert form_as_read(refused)[second_field] == second_value


def test_the_service_refuses_a_stale_version_and_writes_nothing(tree, staff):
    from branches.versions import StaleEdit, version_of
    from registry.members import services
    from tests import factories

    member = factories.make_member(tree["putian"], occupation="厨师")
    read = version_of(member)
    services.member_update(member=member, data={"occupation": "教师"}, actor=staff, version=read)
    rows = member.history.count()
    with pytest.raises(StaleEdit) as refused:
        services.member_update(
            member=Member.objects.get(pk=member.pk), data={"notes": "迟到的"}, actor=staff, version=read
        )
    assert refused.value.current_version == version_of(member) != read
    assert any("职业：厨师 → 教师" in message for message in refused.value.messages)
    assert member.history.count() == rows and Member.objects.get(pk=member.pk).notes == ""
    # Without a version (a client that predates it) nothing is checked.
    services.member_update(member=Member.objects.get(pk=member.pk), data={"notes": "照常"}, actor=staff)
    assert Member.objects.get(pk=member.pk).notes == "照常"


def test_garbage_in_the_version_is_a_refusal_not_an_error(tree, staff):
    from branches.versions import StaleEdit
    from registry.members import services
    from tests import factories

    member = factories.make_member(tree["putian"])
    with pytest.raises(StaleEdit):
        services.member_update(member=member, data={"notes": "x"}, actor=staff, version="²³.garbage")


@pytest.mark.django_db(transaction=True)
def test_two_workers_saving_the_same_record_at_once_cannot_lose_an_update(tree, staff):
    """Two web workers save forms read at the same version at the same moment. The second's check
    waits for the first's row lock on PostgreSQL and is then refused; SQLite lets one writer in
    and refuses the other outright. Either way the first change stays and the second is not written."""
    import threading

    from django.db import OperationalError, connection, transaction

    from branches.versions import StaleEdit, version_of
    from registry.members import services
    from tests import factories

    member = factories.make_member(tree["putian"], occupation="厨师")
    read = version_of(member)
    outcome = []

    def second_worker():
        try:
            services.member_update(
                member=Member.objects.get(pk=member.pk),
                data={"notes": "第二位的备注"},
                actor=staff,
                version=read,
            )
            outcome.append("saved")
        except StaleEdit:
            outcome.append("refused")
        except OperationalError:
            outcome.append("database busy")
        finally:
            connection.close()

    with transaction.atomic():
        services.member_update(member=member, data={"occupation": "教师"}, actor=staff, version=read)
        worker = threading.Thread(target=second_worker)
        worker.start()
        worker.join(timeout=2)
        finished_before_our_commit = not worker.is_alive()
    worker.join(timeout=60)

    member.refresh_from_db()
    assert (member.occupation, member.notes) == ("教师", "")
    assert outcome in (["refused"], ["database busy"])
    if connection.vendor == "postgresql":
        assert not finished_before_our_commit and outcome == ["refused"]  # it waited for the lock


def test_a_stale_survey_count_is_refused(demo_db):
    """The count form edits the existing count of the organization it is opened for."""
    from registry.models import SurveyCount

    count = SurveyCount.objects.order_by("pk").first()
    url = reverse("registry:survey_count", args=[count.survey_round_id]) + f"?organization={count.organization_id}"
    post_url = reverse("registry:survey_count", args=[count.survey_round_id])
    staff = get_user_model().objects.get(username="staff")
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(staff)
    first_form, second_form = form_as_read(first.get(url)), form_as_read(second.get(url))
    assert first_form["version"] not in ("", "0.0")

    assert first.post(post_url, {**first_form, "members": str(count.members + 5)}).status_code == 302
    refused = second.post(post_url, {**second_form, "activists": "77"})
    assert refused.status_code == 200
    count.refresh_from_db()
    assert count.members == int(first_form["members"]) + 5 and count.activists != 77
    page = refused.content.decode()
    assert "您打开表单后" in page and f"{first_form['members']} → {count.members}" in page
    assert form_as_read(refused)["activists"] == "77"


SAVE_AT_THE_SIGNAL = """
import pathlib, time
from branches.versions import StaleEdit, version_of
from django.db import OperationalError
from registry.members import services
from registry.models import Member
member = Member.objects.get(pk={pk})
read = version_of(member)
pathlib.Path({ready!r}).touch()
while not pathlib.Path({go!r}).exists():
    time.sleep(0.002)
try:
    services.member_update(member=member, data={{"occupation": {occupation!r}}}, actor=None, version=read)
    print("saved")
except StaleEdit:
    print("refused")
except OperationalError as error:
    print("database busy:", error)
"""


@pytest.mark.django_db(transaction=True)
def test_two_processes_saving_the_same_record_at_once_on_the_real_database(tree, tmp_path):
    """Two web workers, each a process of its own on the same database file (SQLite, in IMMEDIATE
    transaction mode) or server (PostgreSQL), save forms read at the same version at the same
    moment: one is saved, the other refused as stale — never "database is locked"."""
    import subprocess

    from tests import factories
    from tests.registry.imports.processes import Database, manage

    member = factories.make_member(tree["putian"], occupation="厨师")
    database = Database(tmp_path)
    database.hand_over()
    go = tmp_path / "go"
    processes, ready = [], []
    for index, occupation in enumerate(("教师", "会计")):
        ready.append(tmp_path / f"ready-{index}")
        script = SAVE_AT_THE_SIGNAL.format(pk=member.pk, ready=str(ready[-1]), go=str(go), occupation=occupation)
        processes.append(manage(database, "shell", "-c", script, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    import time

    deadline = time.monotonic() + 60
    while not all(path.exists() for path in ready):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes), [
            p.communicate() for p in processes
        ]
        time.sleep(0.01)
    go.touch()  # both have read the record: save now
    outcomes = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr.decode()[-2000:]
        outcomes.append(stdout.decode().strip().splitlines()[-1])
    database.take_back()

    assert sorted(outcomes) == ["refused", "saved"], outcomes
    saved = ("教师", "会计")[outcomes.index("saved")]
    member.refresh_from_db()
    assert member.occupation == saved
    assert Member.history.filter(id=member.pk).count() == 2  # created, then the one change
