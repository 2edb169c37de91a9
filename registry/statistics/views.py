"""The annual statistics' pages: the report (an organization, a year or half year; each table as the form
lays it out, every non-zero figure a link, its checks under it), a figure's records with their export,
the workbook, filing and re-opening. Scoped by branches/access.py: a secretary reports on their subtree."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from registry.members.masking import mask_id_number
from registry.statistics import checks, exports, layouts, selectors, services
from registry.statistics.rules import Period


def _scope_and_period(request, scope: str, period: str):
    if not (access.sees_everything(request.user) or access.may_change_anything(request.user)):
        raise PermissionDenied
    try:
        chosen = Period.from_key(period)
    except ValueError:
        raise Http404 from None
    return selectors.organization_for(request.user, scope), chosen


def _scope_key(organization) -> str:
    return "all" if organization is None else str(organization.pk)


@require_GET
def statistics(request):
    today = clock.today()
    organization_id = request.GET.get("organization") or None
    try:
        year = int(request.GET.get("year") or today.year)
        if not 1900 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = today.year
    organization, period = _scope_and_period(
        request, organization_id or "all", f"{year}{'h1' if request.GET.get('half') else ''}"
    )
    filed = selectors.filed_report(organization, period)
    live = filed is None or request.GET.get("live") == "1"
    report = selectors.live_report(organization, period) if live else None
    shown_tables = []
    if report is not None:
        found_checks = checks.evaluate(report.tables)
        _name_differing(found_checks)
        for layout in layouts.LAYOUTS:
            table = report.tables[layout.id]
            shown_tables.append(
                {
                    "layout": layout,
                    "rows": _rows(layout, lambda row, column, table=table: table[row][column].count),
                    "unrecorded": layout.unrecorded_lines(),
                    "checks": [check for check in found_checks if check.table == layout.id],
                }
            )
        missing = {key: len(ids) for key, ids in report.missing.items()}
    else:
        figures = filed.figures
        frozen_checks = figures.get("checks", [])
        for layout in layouts.LAYOUTS:
            cells = figures.get(layout.id, {})
            shown_tables.append(
                {
                    "layout": layout,
                    "rows": _rows(layout, lambda row, column, cells=cells: cells.get(row, {}).get(column, 0)),
                    "unrecorded": layout.unrecorded_lines(),
                    "frozen_checks": [check for check in frozen_checks if check["table"] == layout.id],
                }
            )
        missing = {}
    return render(
        request,
        "registry/statistics/report.html",
        {
            "organization": organization,
            "organizations": selectors.organizations_for(request.user),
            "may_choose_all": access.sees_whole_registry(request.user),
            "period": period,
            "scope": _scope_key(organization),
            "tables": shown_tables,
            "filed": filed,
            "live": live,
            "missing": missing,
            "may_file": access.is_committee(request.user),
            "years": range(today.year, today.year - 10, -1),
        },
    )


def _rows(layout, count_of) -> list:
    """[(row, label, [(column, figure, why it is not recorded or "")])] of a table as shown."""
    return [
        (
            row,
            label,
            [(column, count_of(row, column), layout.unrecorded_note(row, column)) for column, _label in layout.columns],
        )
        for row, label in layout.rows
    ]


SHOWN_DIFFERING = 20


def _name_differing(found_checks) -> None:
    """Each failing check's first records that make the difference, read in one query per kind."""
    wanted = {}
    for check in found_checks:
        for kind, record_id in check.differing[:SHOWN_DIFFERING]:
            wanted.setdefault(kind, set()).add(record_id)
    records = {(kind, record.pk): record for kind, ids in wanted.items() for record in selectors.records_of(kind, ids)}
    for check in found_checks:
        check.records = []
        for kind, record_id in check.differing[:SHOWN_DIFFERING]:
            record = records.get((kind, record_id))
            if record is not None:
                record.kind = kind
                check.records.append(record)
        check.more = max(len(check.differing) - SHOWN_DIFFERING, 0)


def _cell(request, scope, period):
    organization, chosen = _scope_and_period(request, scope, period)
    table, row, column = (request.GET.get(key, "") for key in ("table", "row", "column"))
    report = selectors.live_report(organization, chosen)
    kind, ids = selectors.cell_records(report, table, row, column)
    layout = layouts.BY_ID[table]
    return organization, chosen, layout, kind, ids, (table, row, column)


@require_GET
def cell(request, scope, period):
    organization, chosen, layout, kind, ids, (table, row, column) = _cell(request, scope, period)
    records = selectors.records_of(kind, ids)
    masked = not access.sees_personal_data(request.user)
    if kind == layouts.MEMBER:
        for record in records:
            record.shown_id_number = mask_id_number(record.id_number) if masked else record.id_number
    row_label = dict(layout.rows)[row]
    column_label = dict(layout.columns)[column]
    return render(
        request,
        "registry/statistics/cell.html",
        {
            "organization": organization,
            "period": chosen,
            "layout": layout,
            "row": row,
            "row_label": row_label,
            "column": column,
            "column_label": column_label,
            "kind": kind,
            "count": len(ids),
            "page": page_of(request, records),
            "export_url": reverse("registry:statistics_cell_export", args=[scope, period])
            + f"?table={table}&row={row}&column={column}",
            "back_url": reverse("registry:statistics")
            + f"?organization={'' if organization is None else organization.pk}&year={chosen.year}"
            + ("&half=1" if chosen.half else ""),
        },
    )


@require_GET
def cell_export(request, scope, period):
    organization, chosen, layout, kind, ids, (table, row, column) = _cell(request, scope, period)
    content, file_name, fallback = exports.cell_workbook(
        request.user,
        selectors.records_of(kind, ids),
        kind=kind,
        filters={"scope": scope, "period": period, "cell": f"{table} {row} {column}"},
    )
    return file_response(content, file_name, fallback=fallback)


@require_GET
def workbook(request, scope, period):
    organization, chosen = _scope_and_period(request, scope, period)
    filed = selectors.filed_report(organization, chosen)
    figures = filed.figures if filed is not None else selectors.report_json(selectors.live_report(organization, chosen))
    content, file_name, fallback = exports.report_workbook(request.user, organization, chosen, figures)
    return file_response(content, file_name, fallback=fallback)


@require_POST
@access.committee_required
def file_report(request, scope, period):
    organization, chosen = _scope_and_period(request, scope, period)
    try:
        services.report_file(organization=organization, period=chosen, actor=request.user)
        messages.success(request, _("The report is filed: its figures stay as they are now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_report_url(organization, chosen))


@require_POST
@access.committee_required
def reopen_report(request, scope, period):
    organization, chosen = _scope_and_period(request, scope, period)
    filed = selectors.filed_report(organization, chosen)
    if filed is None:
        raise Http404
    try:
        services.report_reopen(filed=filed, reason=request.POST.get("reason", ""), actor=request.user)
        messages.success(request, _("The report is re-opened: its figures count from the records again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_report_url(organization, chosen))


def _report_url(organization, period: Period) -> str:
    query = f"?organization={'' if organization is None else organization.pk}&year={period.year}"
    return reverse("registry:statistics") + query + ("&half=1" if period.half else "")
