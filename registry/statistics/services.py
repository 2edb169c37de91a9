"""Filing an annual report and re-opening it (docs/statistics.md#filing): each in one transaction, the
history keeping who filed or re-opened it and why."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.services import save_with_history
from registry.models import FiledReport
from registry.statistics import selectors
from registry.statistics.rules import Period


@transaction.atomic
def report_file(*, organization, period: Period, actor) -> FiledReport:
    """Freezes the report as it stands: its cells and checks, and the members of T1 row 16 (next year's row 1)."""
    if selectors.filed_report(organization, period) is not None:
        raise ValidationError(_("This report is already filed: re-open it first to file it again."), code="filed")
    report = selectors.live_report(organization, period)
    figures = selectors.report_json(report)
    figures["records"] = {"T1 16 A": sorted(report.tables["T1"]["16"]["A"].ids)}
    filed = FiledReport(
        organization=organization, year=period.year, half=period.half, figures=figures, filed_at=clock.now()
    )
    filed.filed_by = actor if getattr(actor, "pk", None) else None
    save_with_history(filed, actor=actor, reason="filed")
    return filed


@transaction.atomic
def report_reopen(*, filed: FiledReport, reason: str, actor) -> FiledReport:
    """Re-opens a filed report (staff, with a reason): the figures count from the records again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is re-opened.")}, code="reason_required")
    filed.reopened_at = clock.now()
    filed.reopen_reason = reason[:200]
    save_with_history(filed, actor=actor, reason=reason[:100])
    return filed
