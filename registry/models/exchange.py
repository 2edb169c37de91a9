"""The registry's spreadsheet exchange: every import run and every export, for the record."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches import rooms
from branches.storage import private_storage


class ExportLog(models.Model):
    """Every export of registry data: who, when, what, with which filters, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="registry_exports",
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    file_name = models.CharField(_("file name"), max_length=200)

    # What each kind of export is called where people read the log (the admin); a room names its
    # own in Room.export_kinds (branches/rooms.py); a kind named nowhere is shown as it is stored.
    # "admin:<model>" is an export from the administration.
    KIND_LABELS = {
        "members": _("roster"),
        "organizations": _("party organizations"),
        "chambers": _("chambers"),
        "enterprises": _("member enterprises"),
        "development": _("development ledger"),
        "six_knowns": _("six knowns work list"),
        "print": _("printed list"),
        "summary": _("summary of figures"),
        "survey": _("survey round"),
        "dues_ledger": _("dues ledger"),
        "movements": _("movements register"),
        "movement_balance": _("year's balance"),
        "certificates": _("certificates register"),
        "import_template": _("blank import template"),
        "import_errors": _("import's rows in error"),
        "survey_template": _("survey template"),
        "transfer_letter": _("transfer introduction letter"),
        "reconciliation": _("list reconciliation"),
        "reverse_request": _("reverse-issuance request"),
        "application_form": _("certificate application form"),
        "letter": _("liaison letter"),
        "letter_print": _("liaison letter, print page"),
        "letters": _("half-year's liaison letters"),
    }

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.user} {self.kind_label} {self.rows}"

    @property
    def kind_label(self) -> str:
        if self.kind.startswith("admin:"):
            from django.apps import apps

            model = next((m for m in apps.get_models() if m._meta.model_name == self.kind[len("admin:") :]), None)
            name = model._meta.verbose_name_plural if model else self.kind[len("admin:") :]
            return _("%(records)s, from the administration") % {"records": name}
        if self.kind in self.KIND_LABELS:
            return str(self.KIND_LABELS[self.kind])
        return str(rooms.export_label(self.kind) or self.kind)  # a room's own exports (Room.export_kinds)


class ImportRun(models.Model):
    """One import of a spreadsheet, dry run or real, from the web or the command line: who, when,
    which file (name and checksum), which kind, the counts and the outcome (docs/spreadsheets.md#import-record)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        PREVIEW = "preview", _("Checked: waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed: waiting to be written")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Written")
        CHECKED = "checked", _("Checked only (dry run)")
        CANCELLED = "cancelled", _("Cancelled")
        REFUSED = "refused", _("File refused")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    class Source(models.TextChoices):
        WEB = "web", _("web")
        COMMAND = "command", _("command line")

    OPEN_STATES = (State.QUEUED, State.CHECKING, State.CONFIRMED, State.WRITING)
    WORKING_STATES = (State.CHECKING, State.WRITING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_imports",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    # The Importer's kind (registry/imports/kinds.py): no choices here, so that a new kind needs no
    # migration; shown by its label (registry/imports/declared.py), an old run's kind no room declares as stored.
    kind = models.CharField(_("kind"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # The uploaded file, in the private storage (branches/storage.py) that every app machine and worker
    # shares, until the import is finished (then dropped: personal data). Named at random: the name
    # people gave it is `file_name`.
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="imports/%Y/%m/", max_length=200, blank=True, editable=False
    )
    # The kind's own options, as its importer takes them: the meeting or activity a sign-in sheet
    # is for ({"meeting": 12}), the survey round of a workbook of counts — the page it was uploaded on.
    options = models.JSONField(default=dict, blank=True, editable=False)
    skip_invalid = models.BooleanField(_("write the valid rows, skip the invalid ones"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED, db_index=True)
    # The worker's last sign of life while the run is checking or writing (every second): a run
    # whose worker died (killed, out of memory, the host restarted) is found by its silence and
    # marked interrupted (registry/imports/tasks.py, interrupt_abandoned_runs).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    progress_done = models.PositiveIntegerField(_("rows checked"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True, editable=False)
    message = models.TextField(_("message"), blank=True)
    # The invalid rows with a 错误说明 column (.xlsx), in the private storage.
    error_workbook = models.FileField(
        storage=private_storage, upload_to="imports/%Y/%m/", max_length=200, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.kind_shown}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def kind_shown(self) -> str:
        """The kind as people read it (党员), from its importer; an old run's kind as stored."""
        from registry.imports.declared import label_for  # the importers import these models

        return label_for(self.kind)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def percent(self) -> int:
        if self.state in (self.State.PREVIEW, self.State.DONE, self.State.CHECKED):
            return 100
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class ImportLock(models.Model):
    """One row per kind of import. An import that writes holds its kind's row locked from the
    check of the first row to its commit (registry/imports/locks.py), so that two imports of the
    same kind run one after the other, each seeing what the other wrote, never interleaved."""

    kind = models.CharField(max_length=20, primary_key=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("import lock")
        verbose_name_plural = _("import locks")

    def __str__(self):
        return self.kind
