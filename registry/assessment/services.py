"""Every write of the yearly assessment (docs/assessment.md): a year's scheme, a hand score, closing
and re-opening a year, the secretary's annual report and its grade. Keyword-only, one transaction
each, saved with the history row naming who; what the rules refuse is refused whole (ValidationError,
in words) with nothing written. Nothing of a closed year changes until it is re-opened."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import clock
from branches.models import Organization
from branches.people import recorder
from branches.services import save_with_history, update_with_history
from registry.assessment import rules, selectors
from registry.assessment.uploads import report_type
from registry.models import AnnualReport, AssessmentHandScore, AssessmentResult, AssessmentScheme


def _open_scheme(year: int, committee: Organization | None = None) -> AssessmentScheme:
    """The committee's scheme of the year (None: the deployment's), locked for the transaction (stored
    with the default items if none was); refused when the year is closed."""
    scheme = AssessmentScheme.objects.select_for_update().filter(year=year, committee=committee).first()
    if scheme is None:
        scheme = AssessmentScheme(committee=committee, year=year, items=rules.default_items())
        save_with_history(scheme, actor=None)
    if scheme.closed:
        raise ValidationError(
            _("The assessment of %(year)s is closed: re-open it to change anything.") % {"year": year}, code="closed"
        )
    return scheme


@transaction.atomic
def scheme_save(*, year: int, weights: dict[str, int], actor, committee: Organization | None = None) -> list[str]:
    """The committee's (None: the deployment's) items of the year with new weights (item key → weight;
    the items stay those of the scheme): refused unless they add up to 100."""
    scheme = _open_scheme(year, committee)
    items = [{"key": item["key"], "weight": weights.get(item["key"], item["weight"])} for item in scheme.items]
    refusal = rules.weights_refusal(items)
    if refusal:
        raise ValidationError(refusal, code="weights")
    return update_with_history(scheme, changes={"items": items}, actor=actor)


@transaction.atomic
def hand_score_set(
    *, year: int, organization: Organization, item: str, score: Decimal, note: str, actor, committee=None
) -> AssessmentHandScore:
    """An item scored by hand for a branch (from 0 to its weight under the committee's scheme), with the
    committee office's note."""
    scheme = _open_scheme(year, committee)
    weight = next((each["weight"] for each in scheme.items if each["key"] == item), None)
    if weight is None or rules.is_computed(item):
        raise ValidationError({"item": _("This item is not scored by hand in %(year)s.") % {"year": year}})
    refusal = rules.hand_score_refusal(score, weight)
    if refusal:
        raise ValidationError({"score": refusal})
    found = AssessmentHandScore.objects.filter(year=year, organization=organization, item=item).first()
    if found is not None:
        update_with_history(found, changes={"score": score, "note": note, "scored_by": recorder(actor)}, actor=actor)
        return found
    scored = AssessmentHandScore(
        year=year, organization=organization, item=item, score=score, note=note, scored_by=recorder(actor)
    )
    save_with_history(scored, actor=actor)
    return scored


@transaction.atomic
def assessment_close(
    *, year: int, actor, today: datetime.date | None = None, committee: Organization | None = None
) -> AssessmentScheme:
    """Closes the committee's year (None: the deployment's): every branch's items, total, grade and rank
    as computed now (as of the year's end, or today while it runs) are written into AssessmentResult
    rows, which the pages show from then on — a later change of a record changes nothing closed
    (ORGLIFE.md §4)."""
    scheme = _open_scheme(year, committee)
    rows = selectors.computed_rows(scheme, rules.as_of_for(year, today or clock.today()))
    AssessmentResult.objects.bulk_create(
        AssessmentResult(
            scheme=scheme,
            organization=row.organization,
            items=[item.as_stored() for item in row.items],
            total=row.total,
            grade=row.grade,
            rank=row.rank,
        )
        for row in rows
    )
    update_with_history(
        scheme,
        changes={"closed": True, "closed_at": timezone.now(), "closed_by": recorder(actor), "reopen_reason": ""},
        actor=actor,
        reason="closed",
    )
    return scheme


@transaction.atomic
def assessment_reopen(*, year: int, reason: str, actor, committee: Organization | None = None) -> AssessmentScheme:
    """Re-opens the committee's closed year (None: the deployment's), with its reason (kept in the
    scheme's history): the frozen rows go, and the items are computed from the records again."""
    schemes = AssessmentScheme.objects.select_for_update()
    scheme = schemes.filter(year=year, committee=committee, closed=True).first()
    if scheme is None:
        raise ValidationError(_("The assessment of %(year)s is not closed.") % {"year": year}, code="not_closed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the year is re-opened.")})
    scheme.results.all().delete()
    update_with_history(
        scheme,
        changes={"closed": False, "closed_at": None, "closed_by": None, "reopen_reason": reason[:200]},
        actor=actor,
        reason="re-opened",
    )
    return scheme


@transaction.atomic
def annual_report_upload(*, year: int, organization: Organization, upload, actor, stored_as: str = "") -> AnnualReport:
    """Keeps the secretary's annual report of the year (a PDF, a DOCX or a photo, size-limited), in
    place of one uploaded before (its grade goes with it: the committee grades the new document).
    `stored_as` (the demo's) keeps the document under that name, written once: a demo seeded again
    and again leaves the same file, not one more each time."""
    _open_scheme(year, selectors.committee_over(organization))
    try:
        content_type = report_type(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    report = AnnualReport.objects.select_for_update().filter(year=year, organization=organization).first()
    earlier = report.file.name if report is not None else None
    if report is None:
        report = AnnualReport(year=year, organization=organization)
    report.name = (upload.name or "")[-200:] or "-"
    report.content_type = content_type
    report.size = upload.size
    report.uploaded_by = recorder(actor)
    report.grade, report.grade_note = "", ""
    if stored_as:
        if not report.file.storage.exists(stored_as):
            report.file.storage.save(stored_as, upload)
        report.file.name = stored_as
    else:
        report.file.save(upload.name or "upload", upload, save=False)
    try:
        save_with_history(report, actor=actor)
    except Exception:
        if not stored_as:
            report.file.delete(save=False)  # nothing kept of a refused record
        raise
    if earlier and earlier != report.file.name:
        storage = report.file.storage
        transaction.on_commit(lambda: storage.delete(earlier))
    return report


@transaction.atomic
def annual_report_grade(*, report: AnnualReport, grade: str, note: str, actor) -> list[str]:
    """The committee's grade for a secretary's annual report: one of the assessment's grade names."""
    _open_scheme(report.year, selectors.committee_over(report.organization))
    if grade not in rules.grade_names():
        raise ValidationError(
            {"grade": _("Choose one of the grades: %(grades)s.") % {"grades": "、".join(rules.grade_names())}}
        )
    return update_with_history(report, changes={"grade": grade, "grade_note": note}, actor=actor)
