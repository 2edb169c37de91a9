"""The development ledger as a workbook (发展党员工作台账): exactly the candidates the list shows
(scoped, filtered), in the import's own columns so that an export imports again as "unchanged"
(docs/spreadsheets.md#development-columns), masked for those who see personal data masked, and
logged (registry.exports.workbooks: the shared workbook and export-log machinery)."""

from django.utils import timezone

from branches import access
from branches.filtering import PRESENTATION
from registry.development import selectors
from registry.exports.workbooks import build_workbook, log_export
from registry.members.masking import MaskedRecord

CHUNK = 2000


def candidate_workbook(user, params) -> tuple[bytes, str, str]:
    """The bytes, the file's name and its ASCII fallback (branches.downloads)."""
    _filter, candidates = selectors.filtered_candidates(user, params)
    records = candidates.iterator(chunk_size=CHUNK)
    if not access.sees_personal_data(user):
        records = (MaskedRecord(record) for record in records)
    content, rows = build_workbook("development", records)
    stamp = timezone.localtime()
    file_name = f"发展党员_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key not in PRESENTATION and value}
    log_export(user=user, kind="development", filters=applied, rows=rows, file_name=file_name)
    return content, file_name, f"development-{stamp:%Y%m%d-%H%M}"
