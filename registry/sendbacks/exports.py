"""The committee's list of records sent back as a workbook: the rows the list shows (scoped, filtered,
sorted), each download logged (registry/exports)."""

from django.utils import timezone

from branches import clock
from branches.people import person_name
from registry.exports.workbooks import build_table, log_export
from registry.sendbacks import services
from spreadsheets.table import Column

COLUMNS = (
    Column("asked_at", "退回时间"),
    Column("asked_by", "退回人"),
    Column("kind", "记录"),
    Column("name", "姓名"),
    Column("organization", "党组织名称"),
    Column("question", "问题"),
    Column("state", "状态"),
    Column("answer", "答复"),
    Column("answered_by", "答复人"),
    Column("answered_at", "答复时间"),
)


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def send_back_workbook(user, rows, params) -> tuple[bytes, str, str]:
    def values():
        for sent in rows.iterator(chunk_size=2000):
            yield [
                _when(sent.asked_at),
                person_name(sent.asked_by),
                str(sent.get_kind_display()),
                services.person_of(sent.kind, sent.record).name,
                sent.organization.name,
                sent.question,
                str(sent.get_state_display()),
                sent.answer,
                person_name(sent.answered_by),
                _when(sent.answered_at),
            ]

    content, count = build_table("退回的记录", COLUMNS, values())
    stamp = timezone.localtime(clock.now())
    file_name = f"退回的记录_{stamp:%Y%m%d_%H%M}.xlsx"
    filters = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="send_backs", filters=filters, rows=count, file_name=file_name)
    return content, file_name, f"sent-back-{stamp:%Y%m%d-%H%M}"
