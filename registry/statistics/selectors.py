"""Reads of the annual statistics, scoped (branches/access.py): which organizations a user may report
on, the report of one of them for a period (the filed one where it is filed), a cell's records, and
the whole registry's figures for registry_stats --json."""

from django.db.models import Q
from django.http import Http404

from branches import access
from branches.models import Chamber, Enterprise, Organization
from registry.models import FiledReport, Member
from registry.statistics import checks, layouts, tables
from registry.statistics.rules import Period


def organizations_for(user):
    """The organizations a user may choose: their own subtree (a secretary) or every one."""
    return access.visible_organizations(user).order_by("path")


def organization_for(user, organization_id) -> Organization | None:
    """The organization a report is asked for: None (the whole registry) for those who see everything
    and ask for none; a secretary's own organization when they ask for none; 404 outside the scope."""
    if organization_id in (None, "", "all"):
        if access.sees_whole_registry(user):
            return None
        root = access.scope_root(user)  # a secretary's organization, or a bound committee
        if root is None:
            raise Http404
        return root
    try:
        return organizations_for(user).get(pk=int(organization_id))
    except (ValueError, TypeError, Organization.DoesNotExist):
        raise Http404 from None


def filed_report(organization: Organization | None, period: Period) -> FiledReport | None:
    """The report filed for this organization and period and not re-opened, if any."""
    return (
        FiledReport.objects.filter(
            Q(organization__isnull=True) if organization is None else Q(organization=organization),
            year=period.year,
            half=period.half,
            reopened_at__isnull=True,
        )
        .order_by("-filed_at")
        .first()
    )


def previous_row_16(organization: Organization | None, period: Period) -> list | None:
    """Last year's T1 row 16 as filed (its members' ids), or None where last year's report was not filed."""
    filed = filed_report(organization, period.previous_year())
    if filed is None:
        return None
    return list(filed.figures.get("records", {}).get("T1 16 A", []))


def live_report(organization: Organization | None, period: Period) -> tables.Report:
    return tables.build(period, organization, previous_row_16=previous_row_16(organization, period))


def report_json(report: tables.Report) -> dict:
    """{"T1": {"1": {"A": n}, …}, …, "checks": [{"table", "rule", "holds"}, …]}: only the cells."""
    found = {table_id: table.figures() for table_id, table in report.tables.items()}
    found["checks"] = [check.as_json() for check in checks.evaluate(report.tables)]
    return found


def annual_report_json(year: int) -> dict:
    """registry_stats --json's "annual_report": the whole registry's tables of `year` (31 December)."""
    period = Period(year)
    filed = filed_report(None, period)
    if filed is not None:
        return {key: value for key, value in filed.figures.items() if key != "records"}
    return report_json(live_report(None, period))


def cell_records(report: tables.Report, table_id: str, row: str, column: str) -> tuple[str, list]:
    """(record kind, ids) behind one cell; Http404 for a cell the form does not have."""
    table = report.tables.get(table_id)
    if table is None or row not in table or column not in table[row]:
        raise Http404
    return layouts.BY_ID[table_id].record_of(row, column), table[row][column].ids


def records_of(kind: str, ids) -> list:
    """The members or organizations behind a figure, in the order of the roster (former members too)."""
    wanted = set(ids)
    if kind == layouts.ORGANIZATION:
        return list(Organization.objects.filter(pk__in=wanted).order_by("path"))
    if kind == layouts.ENTERPRISE:
        return list(Enterprise.objects.filter(pk__in=wanted).order_by("name"))
    if kind == layouts.CHAMBER:
        return list(Chamber.objects.filter(pk__in=wanted).order_by("name"))
    return list(Member.all_members.filter(pk__in=wanted).select_related("organization"))
