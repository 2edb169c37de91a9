"""The year's assessment as a workbook, as the list shows it (the branches the user sees, through the
filter, in the order asked): each item's score, the total, the grade, the rank and the annual report's
grade. Every export logged (registry/exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.exports.workbooks import log_export
from spreadsheets.writing import table_workbook


def assessment_workbook(user, assessment, rows, params) -> tuple[bytes, str, str]:
    """(bytes, file name, ASCII fallback) of the year's list."""
    headers = [
        "党组织",
        *[str(item["label"]) for item in assessment.items],
        "总分",
        "等次",
        "名次",
        "述职报告",
        "述职等次",
    ]

    def lines():
        for row in rows:
            yield [
                row.organization.name,
                *[float(item.score) if item.score is not None else None for item in row.items],
                float(row.total),
                row.grade,
                row.rank,
                str(_("uploaded")) if row.report else None,
                (row.report.grade or None) if row.report else None,
            ]

    content, count = table_workbook(
        f"{assessment.year}年党建考评", headers, lines(), widths=[36] + [10] * (len(headers) - 1)
    )
    stamp = timezone.localtime()
    file_name = f"党建考评_{assessment.year}_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(
        user=user, kind="assessment", filters={"year": assessment.year, **applied}, rows=count, file_name=file_name
    )
    return content, file_name, f"assessment-{assessment.year}-{stamp:%Y%m%d-%H%M}"
