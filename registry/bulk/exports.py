"""The selection exported (docs/domain.md#acting-on-many): the roster's workbook (the members import's
columns, so that it re-imports), for exactly the members selected, logged like the roster's export."""

from django.utils import timezone

from branches import access
from registry.exports.workbooks import build_workbook, log_export
from registry.members import selectors as member_selectors
from registry.members.masking import MaskedRecord


def selection_workbook(user, selection) -> tuple[bytes, str, str]:
    """(bytes, file name, ASCII fallback); the export log keeps the list, its filters and how the
    rows were chosen (ticked or all that match)."""
    members = (
        member_selectors.member_list(user)
        .filter(pk__in=selection.members.order_by().values("pk"))
        .iterator(chunk_size=2000)
    )
    if not access.sees_personal_data(user):
        members = (MaskedRecord(member) for member in members)
    content, rows = build_workbook("members", members)
    stamp = timezone.localtime()
    file_name = f"党员_选中_{stamp:%Y%m%d_%H%M}.xlsx"
    filters = {
        "selection": selection.source.key,
        "chosen": "all" if selection.everything else f"{len(selection.ids)} ticked",
        **{key: value for key, value in selection.list_params().items() if value},
    }
    log_export(user=user, kind="members", filters=filters, rows=rows, file_name=file_name)
    return content, file_name, f"members-selected-{stamp:%Y%m%d-%H%M}"
