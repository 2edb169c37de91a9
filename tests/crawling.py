"""Every route of the URLconf, with URL arguments taken from the objects in the database: what the
sweeps (personal data a role must not see, hostile input, formulas in workbooks) crawl.

    for route in crawling.routes():                 # the app's routes (admin apart)
        for url in crawling.urls(route):            # one URL per way of filling its arguments
            client.get(url)

A route whose arguments the crawler cannot fill fails `tests/test_crawling.py`: a new route with a
new kind of argument is added to `PK_MODELS` or `CHOICES` here, so that no sweep silently misses
it. `urls(route, pick=...)` chooses which object fills a `pk` (default: the lowest primary key);
a sweep for a secretary passes a chooser that keeps to what the secretary may see.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product

from django.contrib import admin
from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages whose words say "export" but which are pages: a background export's own page, which offers
# its file (registry:export_job_download) once it is ready.
PAGES_ABOUT_A_FILE = {"registry:export_job"}


@dataclass(frozen=True)
class Route:
    name: str  # "registry:member_detail"
    pattern: str  # "members/<int:pk>/"
    callback: Callable = field(compare=False)
    arguments: tuple[str, ...] = ()  # the URL's keyword arguments, in order

    @property
    def view(self) -> str:
        """The view's dotted path, e.g. "registry.members.views.member_detail"."""
        return f"{self.callback.__module__}.{getattr(self.callback, '__name__', type(self.callback).__name__)}"

    @property
    def is_download(self) -> bool:
        """Answers a file (workbook or PDF) rather than a page, judged by the route's own words."""
        if self.name in PAGES_ABOUT_A_FILE:
            return False
        return any(word in self.pattern or word in self.name for word in (".pdf", ".xlsx", "export", "template"))

    @property
    def is_open(self) -> bool:
        """Open without an account (`login_not_required`): reached by a link's token, not a login."""
        return getattr(self.callback, "login_required", True) is False

    @property
    def prints_a_list(self) -> bool:
        """A whole list as a PDF (registry/exports/prints.py `printable`)."""
        return getattr(self.callback, "prints_a_list", False)

    @property
    def heavy(self) -> bool:
        """Slow to answer (a half year's letters in one PDF, seconds): crawl it once, not per value."""
        return self.name in HEAVY


# Routes that take seconds: a sweep sends them one request rather than one per hostile value.
HEAVY = {"letters:period_pdf"}

# Routes that are not the app's own pages: Django's password reset flow (mails nobody here).
FOREIGN = {"password_reset_confirm"}


def _walk(resolver: URLResolver, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = ":".join(part for part in (namespace, item.namespace) if part) or None
            if inner == "admin" or (inner or "").startswith("admin:"):
                continue
            yield from _walk(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern) and item.name:
            name = f"{namespace}:{item.name}" if namespace else item.name
            yield Route(name, prefix + str(item.pattern), item.callback, tuple(item.pattern.converters))


def routes() -> list[Route]:
    """The app's named routes (Django's admin apart: see `admin_urls`), in URLconf order."""
    return [route for route in _walk(get_resolver()) if route.name not in FOREIGN]


def admin_urls() -> list[str]:
    """The admin's list and add page of every registered model, and the change page of its first row."""
    found = []
    for model in admin.site._registry:
        meta = model._meta
        found.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        found.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            found.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    return found


# --- what fills the arguments ------------------------------------------------------------------


def _models():
    from django.contrib.auth import get_user_model

    from branches.models import Chamber, Enterprise, Message, Organization
    from outreach.models import (
        Certificate,
        DesignatedContact,
        LetterBatch,
        LiaisonLetter,
        ReverseIssuanceRequest,
        ServiceCase,
    )
    from registry.models import (
        AppraisalRound,
        ArrivalSubmission,
        Candidate,
        CheckinSubmission,
        CommitteeMembership,
        DuesEntry,
        DuesReduction,
        Election,
        Exemption,
        ExportJob,
        Gathering,
        Honour,
        ImportRun,
        LostContactCase,
        Member,
        Movement,
        Notice,
        Reconciliation,
        Representative,
        SendBack,
        SurveyRound,
    )

    return {
        # the route's pattern starts with → the rows its `pk` names
        "members/": lambda: Member.objects.all(),
        "outreach/members/": lambda: Member.objects.all(),
        "former-members/": lambda: Member.all_members.exclude(pk__in=Member.objects.values("pk")),
        "lost-contact/": lambda: LostContactCase.objects.all(),
        "transfers/": lambda: Movement.objects.filter(kind=Movement.Kind.TRANSFER_OUT),
        "organizations/": lambda: Organization.objects.all(),
        "dues/sheet/": lambda: Organization.objects.all(),
        "dues/ledger/": lambda: Organization.objects.all(),
        "dues/entries/": lambda: DuesEntry.objects.all(),
        "dues/reductions/": lambda: DuesReduction.objects.all(),
        "chambers/": lambda: Chamber.objects.all(),
        "enterprises/": lambda: Enterprise.objects.all(),
        "imports/": lambda: ImportRun.objects.all(),
        "exports/": lambda: ExportJob.objects.all(),  # each the asker's own: other users get 404
        "surveys/": lambda: SurveyRound.objects.all(),
        "development/notices/": lambda: Notice.objects.all(),
        "development/": lambda: Candidate.objects.all(),
        "certificates/requests/": lambda: ReverseIssuanceRequest.objects.all(),
        "certificates/": lambda: Certificate.objects.all(),
        "letters/printing/": lambda: LetterBatch.objects.all(),
        "letters/": lambda: LiaisonLetter.objects.all(),
        "roles/users/": lambda: get_user_model().objects.all(),
        "outreach/designated-contacts/": lambda: DesignatedContact.objects.all(),
        "outreach/services/": lambda: ServiceCase.objects.all(),
        "outreach/activities/": lambda: Gathering.objects.all(),
        "checkin/arrivals/": lambda: ArrivalSubmission.objects.all(),
        "checkin/": lambda: CheckinSubmission.objects.all(),
        "reconciliations/": lambda: Reconciliation.objects.all(),
        "committees/elections/": lambda: Election.objects.all(),
        "committees/members/": lambda: CommitteeMembership.objects.all(),
        "meetings/": lambda: Gathering.objects.all(),
        "meetings/exemptions/": lambda: Exemption.objects.all(),
        "honours/": lambda: Honour.objects.all(),
        "representatives/": lambda: Representative.objects.all(),
        "appraisal/": lambda: AppraisalRound.objects.all(),
        "assessment/": lambda: Organization.objects.filter(level__in=Organization.BRANCH_LEVELS),
        "inbox/": lambda: Message.objects.all(),  # the inbox's messages (plant_send_back writes two)
        "sent-back/new/": lambda: Member.objects.all(),  # the record of the kind chosen below
        "sent-back/": lambda: SendBack.objects.all(),
    }


def rows_for(route: Route) -> QuerySet:
    """The rows whose primary key fills `route`'s `pk`: the longest matching pattern prefix wins."""
    models = _models()
    for prefix in sorted(models, key=len, reverse=True):
        if route.pattern.startswith(prefix):
            return models[prefix]()
    raise LookupError(f"tests/crawling.py does not know which rows fill the pk of {route.name} ({route.pattern})")


def _choices() -> dict[tuple[str, str], Callable[[], list]]:
    from outreach.certificates.request_views import STEPS as REQUEST_STEPS
    from registry.checkin import links
    from registry.development.steps import STEPS as CANDIDATE_STEPS
    from registry.development.worklists import WORKLISTS
    from registry.imports.kinds import uploadable_kinds
    from registry.lostcontact.views import WORKLISTS as LOST_CONTACT_WORKLISTS
    from registry.models import Movement
    from registry.reconcile.exports import GROUP_LABELS

    def assessment_years():  # the running year (open) and the last one (closed in the demo)
        from branches import clock

        return [clock.today().year, clock.today().year - 1]

    def letter_periods():
        from outreach.models import LiaisonLetter

        return sorted(set(LiaisonLetter.objects.values_list("year", "half")))

    return {
        ("registry:import_template", "kind"): lambda: sorted(uploadable_kinds()),
        ("registry:event_record", "kind"): lambda: [str(kind) for kind in Movement.RECORDED],
        ("registry:candidate_step", "step"): lambda: sorted(CANDIDATE_STEPS),
        ("registry:development_worklist", "key"): lambda: sorted(WORKLISTS),
        ("registry:lost_contact_worklist", "key"): lambda: list(LOST_CONTACT_WORKLISTS),
        ("certificates:request_step", "step"): lambda: sorted(REQUEST_STEPS),
        ("letters:period_pdf", ("year", "half")): letter_periods,
        ("outreach:attendance_remove", "member_pk"): None,  # filled from the activity (see urls)
        ("registry:meeting_attachment", "attachment_pk"): None,  # filled from the meeting (see urls)
        ("registry:meeting_attachment_delete", "attachment_pk"): None,
        # the open pages: a live link (made on the spot: only its hash is stored) and a forged one
        ("registry:checkin_open", "token"): lambda: [_live_checkin_token(), "WzEsImZvcmdlZCJd:1aaaaa:forged"],
        ("registry:arrival_open", "code"): lambda: [links.arrival_code(_first_organization_pk()), "1-0000000"],
        ("registry:reconciliation_export", "group"): lambda: list(GROUP_LABELS),
        # sending back names the kind of record (a member's, filled from the members), and the inbox a reminder
        ("registry:send_back_new", "kind"): lambda: ["member"],
        ("branches:inbox_reminder_read", "key"): lambda: ["dues_unpaid_3", "nothing_due_by_this_name"],
        # a page's help (config/help_pages.py): the index, a guide, a page's own, a name of no page
        ("help_page", "page"): lambda: ["index", "secretary", "registry:member_list", "registry:nothing"],
        **{(name, "year"): assessment_years for name in ASSESSMENT_YEAR_ROUTES},
        # The annual statistics: the whole registry (a secretary's own subtree), this year.
        **{(name, "scope"): lambda: ["all"] for name in STATISTICS_ROUTES},
        **{(name, "period"): lambda: [str(assessment_years()[0])] for name in STATISTICS_ROUTES},
    }


# The assessment's pages name a year (and a branch): both last year's (closed in the demo) and this year's.
ASSESSMENT_YEAR_ROUTES = [
    f"registry:assessment_{name}"
    for name in (
        "year",
        "export",
        "summary",
        "scheme",
        "close",
        "reopen",
        "report",
        "hand_score",
        "annual_report_upload",
        "annual_report_file",
        "annual_report_grade",
    )
]
STATISTICS_ROUTES = [f"registry:statistics_{name}" for name in ("workbook", "file", "reopen", "cell", "cell_export")]
CHOICES = _choices  # called lazily: the modules it reads import models


def _first(rows: QuerySet):
    return rows.order_by("pk").first()


def urls(route: Route, pick: Callable[[QuerySet], object] = _first) -> list[str]:
    """The URLs of `route` with its arguments filled from the database: one per choice of its
    string arguments (every import kind, every step...), `pk` from `pick(rows_for(route))`.
    Empty when the database holds no row to fill it (an empty database, a chooser that finds none)."""
    if not route.arguments:
        return [reverse(route.name)]
    choices = CHOICES()
    fixed: dict = {}
    pairs = ("year", "half")
    if set(pairs) <= set(route.arguments):
        periods = choices[(route.name, pairs)]()
        if not periods:
            return []
        return [reverse(route.name, kwargs={"year": year, "half": half}) for year, half in periods[:1]]
    options: dict[str, list] = {}
    for argument in route.arguments:
        if argument == "pk":
            rows = rows_for(route)
            if "member_pk" in route.arguments:  # an activity with someone to remove
                rows = rows.filter(pk__in=_attended())
            if "attachment_pk" in route.arguments:  # a meeting with an attachment
                rows = rows.filter(attachments__isnull=False).distinct()
            row = pick(rows)
            if row is None:
                return []
            fixed["pk"] = row.pk
        elif argument == "member_pk":
            attendee = _attendee(fixed.get("pk"))
            if attendee is None:
                return []
            fixed["member_pk"] = attendee
        elif argument == "attachment_pk":
            attachment = _attachment(fixed.get("pk"))
            if attachment is None:
                return []
            fixed["attachment_pk"] = attachment
        else:
            key = (route.name, argument)
            if key not in choices or choices[key] is None:
                raise LookupError(f"tests/crawling.py does not know how to fill {argument!r} of {route.name}")
            options[argument] = choices[key]()
    names = list(options)
    return [
        reverse(route.name, kwargs={**fixed, **dict(zip(names, values, strict=True))}) + QUERY.get(route.name, "")
        for values in (product(*(options[name] for name in names)) if names else [()])
    ]


# Routes that name what they show in the query string as well: a figure of the annual statistics
# (registry/statistics/urls.py) is ?table=&row=&column= — T1 row 16 column A, the members at the year's end.
QUERY = dict.fromkeys(("registry:statistics_cell", "registry:statistics_cell_export"), "?table=T1&row=16&column=A")


def _live_checkin_token() -> str:
    from registry.checkin import services
    from registry.models import Member

    path = services.link_create(member=Member.objects.order_by("pk").first(), actor=None)
    return path.strip("/").split("/")[-1]


def _first_organization_pk() -> int:
    from branches.models import Organization

    return Organization.objects.order_by("pk").values_list("pk", flat=True).first()


def plant_checkin(user):
    """What members and newcomers send, and a list compared (docs/checkin.md): the demo holds none;
    the check-in queue, its decisions and the reconciliation pages need one of each to be crawled."""
    import io

    from registry.checkin import services
    from registry.models import Member
    from registry.reconcile import compare
    from registry.reconcile import services as reconcile_services
    from tests import factories

    member = Member.objects.select_related("organization").order_by("pk").first()
    services.link_create(member=member, actor=user)
    services.submission_create(
        link=member.checkin_links.get(revoked_at__isnull=True),
        address="192.0.2.1",
        changes={
            "phone": {"before": member.phone, "after": "13912345678"},
            "work_address": {"before": member.work_address, "after": "北京市某路1号"},
        },
    )
    services.arrival_submit(
        organization=member.organization,
        address="192.0.2.2",
        data={
            "name": "新来的党员",
            "id_number": factories.make_id_number(),
            "joined": "2010-07",
            "status": "full",
            "origin_organization": "中共某某村委员会",
            "phone": "13800001111",
        },
    )
    rows = [
        ["姓名", "公民身份号码", "流出党组织"],
        [member.name, member.id_number, member.origin_organization or "中共某某村委员会"],
        ["外地人", factories.make_id_number(), member.origin_organization or "中共某某村委员会"],
    ]
    upload = io.BytesIO("\n".join(",".join(row) for row in rows).encode("utf-8-sig"))
    upload.name = "名单.csv"
    reconcile_services.reconciliation_keep(comparison=compare.compare(upload), actor=user)


def plant_send_back(user):
    """A member record sent back by `user` (staff) to the demo secretary and answered: the demo holds
    none; the answer page and the inbox's messages (one each way) need them to be crawled."""
    from django.contrib.auth import get_user_model

    from branches import access
    from registry.models import Member
    from registry.sendbacks import services

    secretary = get_user_model().objects.get(username="secretary")
    member = Member.objects.filter(access.organization_scope(secretary)).order_by("pk").first()
    sent = services.send_back(kind="member", record=member, question="入党时间与档案不符？", actor=user)
    services.answer(sent=sent, answer="已核对，无误。", actor=secretary)


def _attended():
    from registry.models import Attendance

    return Attendance.objects.filter(status=Attendance.Status.PRESENT).values("gathering_id")


def _attendee(activity_pk) -> int | None:
    from registry.models import Attendance

    if activity_pk is None:
        return None
    return (
        Attendance.objects.filter(gathering_id=activity_pk, status=Attendance.Status.PRESENT)
        .values_list("member_id", flat=True)
        .order_by("member_id")
        .first()
    )


def _attachment(gathering_pk) -> int | None:
    from registry.models import GatheringAttachment

    if gathering_pk is None:
        return None
    return (
        GatheringAttachment.objects.filter(gathering_id=gathering_pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def all_urls(pick: Callable[[QuerySet], object] = _first) -> list[tuple[Route, str]]:
    """(route, url) for every route and every way of filling it — but a list's print (`printable`,
    registry/exports/prints.py): it runs the list's own view, crawled already, then lays the whole
    list out as a PDF, seconds on the demo for each of some twenty lists and each sweep.
    tests/registry/exports/test_prints.py tries every print route (its scope, masking and log)."""
    return [(route, url) for route in routes() if not route.prints_a_list for url in urls(route, pick)]


def plant_attachment(user):
    """A photo kept with a meeting (docs/orglife.md#attachments): the demo keeps no files. Call it with
    MEDIA_ROOT moved to a temporary directory."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.models import Gathering
    from registry.orglife import services

    gathering = Gathering.objects.order_by("pk").first()
    photo = SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    return services.attachment_add(gathering=gathering, upload=photo, actor=user)


def plant_import_run(user):
    """An import run waiting in its preview, as `user` started it: one member of the database with a
    new phone (before → after), one new member, one row in error (so the run has an error workbook).
    The demo holds no run; the import pages need one to be crawled."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registry.imports import runs
    from registry.models import Member
    from tests import factories

    known = Member.objects.select_related("organization").order_by("pk").first()
    joined = known.joined.strftime("%Y-%m" if known.joined_precision == "month" else "%Y-%m-%d") if known.joined else ""
    rows = [
        [
            known.name,
            known.id_number,
            known.organization.name,
            known.get_category_display(),
            known.get_status_display(),
            joined,
            "13912345678",
        ],
        [
            "新来的党员",
            factories.make_id_number(),
            known.organization.name,
            "在册流动党员",
            "正式党员",
            "2010-07-01",
            "13800001111",
        ],
        ["写错的党员", "110105194912310021", known.organization.name, "流动", "正式", "2010.7", ""],
    ]
    content = factories.member_workbook(rows)
    return runs.import_start(user=user, kind="members", upload=SimpleUploadedFile("花名册.xlsx", content))


def plant_letter_batch(user):
    """A half year's letters printed into one file, as `user` asked for it — the demo holds no such
    file; its page and its download need one to be crawled. (The file is a stand-in: printing the
    demo's hundred letters takes many seconds; tests/outreach/letters/test_batches.py prints them.)"""
    from branches import storage
    from outreach.models import LetterBatch, LiaisonLetter

    year, half = LiaisonLetter.objects.order_by("-year", "-half").values_list("year", "half").first()
    batch = LetterBatch(
        year=year, half=half, requested_by=user, state=LetterBatch.State.DONE, progress_done=1, progress_total=1
    )
    storage.keep(batch.file, "stand-in.pdf", b"%PDF-1.4\n%%EOF\n")
    batch.save()
    return batch


def plant_export_job(user):
    """A roster export prepared in the background, as `user` asked for it (registry/exports/jobs.py):
    the demo's roster is far below the rows that send an export there, and holds no job; its page and
    its download need one to be crawled. Through the real flow: the tests' task backend writes the
    file at once."""
    from registry.exports import jobs

    job = jobs.job_start(user=user, kind="members", query="", rows=0, file_name="党员_crawled.xlsx")
    job.refresh_from_db()
    return job


# A person's numbers typed into free text (issue 20 §6): a whole ID number (its check character
# checks) and a mobile number, after Chinese words as a secretary writes them.
PLANTED_ID_NUMBER = "350203198302272113"
PLANTED_MOBILE = "18612345032"
PLANTED = f" 身份证{PLANTED_ID_NUMBER}电话{PLANTED_MOBILE}"
# Text fields that are not free text: keys, codes, numbers kept to a format, names things are found by.
NOT_FREE_TEXT = {
    "path",
    "name",
    "id_number",
    "phone",
    "secretary_phone",
    "credit_code",
    "token",
    "letter_number",
    "replaced_letter_number",
    "certificate_number",
    "number",
    "reference_number",
    "kind",
    "password",
    "username",
    "email",
    "history_change_reason",
    "history_type",
    "content_type",
    "checksum",
    "file",
    "file_name",
    "generated_fingerprint",
    "application_form_number",
    "taken_by",
}


def free_text_fields():
    """(model, field) for every free-text field of the project's models and their histories: a
    TextField, or a CharField without choices long enough to hold PLANTED, that is not a file,
    a key or a code (NOT_FREE_TEXT, or unique)."""
    from django.apps import apps
    from django.db import models

    found = []
    for app in ("branches", "registry", "outreach"):
        for model in apps.get_app_config(app).get_models():
            for model_field in model._meta.concrete_fields:
                text = isinstance(model_field, (models.CharField, models.TextField))
                if not text or isinstance(model_field, models.FileField):
                    continue
                if model_field.choices or model_field.unique or model_field.primary_key:
                    continue
                if model_field.name in NOT_FREE_TEXT:
                    continue
                if isinstance(model_field, models.CharField) and (model_field.max_length or 0) < len(PLANTED) + 10:
                    continue
                found.append((model, model_field))
    return found


def plant_numbers_in_free_text() -> int:
    """PLANTED at the end of every free-text field of every row (cut to fit): what the reviewer's
    sweep must find masked everywhere. One UPDATE a table, of all its fields at once (one new
    version of each row, where an UPDATE a field left PostgreSQL's scans of the sweep's pages
    wading through six); a field that a rule keeps empty in some rows is planted where it is not.
    Returns how many fields were planted."""
    from django.db import IntegrityError, connection, transaction
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Left

    def planted(model_field):
        column = model_field.attname
        kept = Left(column, model_field.max_length - len(PLANTED)) if model_field.max_length else F(column)
        return Concat(kept, Value(PLANTED))

    fields = free_text_fields()
    by_model: dict = {}
    for model, model_field in fields:
        by_model.setdefault(model, []).append(model_field)
    for model, model_fields in by_model.items():
        try:
            with transaction.atomic():
                model._base_manager.update(**{each.attname: planted(each) for each in model_fields})
                continue
        except IntegrityError:  # a rule that keeps a field empty in some rows (elsewhere_organization)
            pass
        for model_field in model_fields:
            rows = model._base_manager.all()
            try:
                with transaction.atomic():
                    rows.update(**{model_field.attname: planted(model_field)})
            except IntegrityError:
                rows.exclude(**{model_field.attname: ""}).update(**{model_field.attname: planted(model_field)})
    if connection.vendor == "postgresql":
        # Every row rewritten, in a transaction autovacuum never sees: measured again, or PostgreSQL
        # plans the sweep's queries on the demo's figures (the letters' half-year attendance took
        # 3.7 s, a reviewer's sweep a quarter of a minute more). Undone with the test's transaction.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(model._meta.db_table) for model in by_model)
            )
    return len(fields)
