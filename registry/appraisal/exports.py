"""The appraisal's results as a workbook: the rows the results list shows (scoped, filtered, sorted), in
the `appraisal` import's own columns, so that an export imports again as unchanged
(docs/spreadsheets.md#appraisal-columns). ID numbers masked for those who see them masked; every
download logged."""

from django.utils import timezone

from branches import access
from registry.appraisal.imports import COLUMNS, GRADE_CANONICAL, OUTCOME_CANONICAL, AppraisalImporter
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number


def result_rows(results, *, masked: bool):
    for result in results.iterator(chunk_size=2000):
        member = result.member
        values = {
            "name": member.name,
            "id_number": mask_id_number(member.id_number) if masked else member.id_number,
            "year": result.appraisal_round.year,
            "grade": GRADE_CANONICAL.get(result.grade),
            "outcome": OUTCOME_CANONICAL.get(result.outcome),
            "correction_deadline": result.correction_deadline,
            "organization": result.appraisal_round.organization.name,
            **{field: getattr(result, field) for field in result.VOTE_FIELDS},
        }
        yield [values[column.field] for column in COLUMNS]


def result_workbook(user, results, params) -> tuple[bytes, str, str]:
    """(the bytes, the file's name, its ASCII fallback) of the results the list shows."""
    content, count = build_table(
        AppraisalImporter.sheet_name, COLUMNS, result_rows(results, masked=not access.sees_personal_data(user))
    )
    stamp = timezone.localtime()
    file_name = f"民主评议_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="appraisal", filters=applied, rows=count, file_name=file_name)
    return content, file_name, f"appraisal-{stamp:%Y%m%d-%H%M}"
