"""A long export prepared in the background (issue 27 §5): a list of tens of thousands of rows takes
seconds to write, and at a million members more than a request may last (gunicorn kills a worker
after 30 s). Above REGISTRY_EXPORT_IN_REQUEST_ROWS rows the export view records what was asked here
and a worker writes the same workbook (registry/exports/jobs.py); only the person who asked, in the
role they asked in, sees the job and downloads its file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import RoleAssignment
from branches.storage import private_storage


class ExportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        WORKING = "working", _("Being prepared")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    OPEN_STATES = (State.QUEUED, State.WORKING)

    # The export's kind as the export log names it (ExportLog.KIND_LABELS): members, organizations,
    # chambers, enterprises, six_knowns.
    kind = models.CharField(_("kind"), max_length=20)
    # The list's query string as it was asked (its filters and sort): the worker selects through it again.
    query = models.TextField(_("filters"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The role in force when it was asked (a person may hold several): the worker selects in its scope
    # and masks personal data as that role sees them.
    requested_as = models.ForeignKey(
        RoleAssignment,
        verbose_name=_("requested as"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    # Written while the worker writes rows: a job working whose worker has been silent for
    # REGISTRY_IMPORT_STALE_SECONDS was stopped and is marked failed (branches/workers.py).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    # The filters applied, as the export log keeps them (masked), logged with each download.
    filters = models.JSONField(_("filters applied"), default=dict, blank=True, editable=False)
    # The workbook, in the private storage every app machine and worker shares (branches/storage.py).
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="exports/%Y/", max_length=200, blank=True, editable=False
    )
    file_name = models.CharField(_("file name"), max_length=200)
    message = models.TextField(_("message"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("export prepared in the background")
        verbose_name_plural = _("exports prepared in the background")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "working", "done", "failed"]), name="export_job_state_valid"
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return min(100, int(100 * self.rows_done / self.rows)) if self.rows else 0
