"""The discipline register's workbook: the import's own columns (an export imports again as
"unchanged", docs/spreadsheets.md#discipline-columns), scoped, filtered and masked as the list."""

from django.utils import timezone

from branches import access
from registry.discipline.imports import BREACH_CANONICAL, COLUMNS, KIND_CANONICAL, DisciplineImporter
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number


def discipline_rows(records, *, masked: bool):
    for record in records.iterator(chunk_size=2000):
        member = record.member
        values = {
            "name": member.name,
            "id_number": mask_id_number(member.id_number) if masked else member.id_number,
            "kind": KIND_CANONICAL.get(record.kind, record.kind),
            "date": record.date,
            "deciding_organization": record.deciding_organization or None,
            "breach": BREACH_CANONICAL.get(record.breach) if record.breach else None,
            "term_years": record.term_years,
        }
        yield [values[column.field] for column in COLUMNS]


def discipline_workbook(user, records, params) -> tuple[bytes, str, str]:
    """The register as the list shows it: the bytes, the file's name and its ASCII fallback."""
    content, rows = build_table(
        DisciplineImporter.sheet_name,
        COLUMNS,
        discipline_rows(records, masked=not access.sees_personal_data(user)),
    )
    stamp = timezone.localtime()
    file_name = f"党纪处分登记_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="discipline", filters=applied, rows=rows, file_name=file_name)
    return content, file_name, f"discipline-{stamp:%Y%m%d-%H%M}"
