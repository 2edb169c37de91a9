"""The six knowns as work: completeness per organization and per chamber, and the work list of
incomplete records with its export. Everything is counted over the members the user may see."""

from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from branches import access
from branches.models import Chamber
from registry import exports, sixknowns, worklists


@require_GET
def six_knowns_overview(request):
    organizations = worklists.completeness_by_organization(request.user)
    for organization in organizations:
        organization.incomplete = organization.subtree["applicable"] - organization.subtree["complete"]
    roots = [organization for organization in organizations if organization.indent == 0]
    total = {
        "applicable": sum(organization.subtree["applicable"] for organization in roots),
        "complete": sum(organization.subtree["complete"] for organization in roots),
    }
    member_counts = {organization.pk: organization.own for organization in organizations}
    return render(request, "registry/six_knowns.html", {
        "organizations": organizations,
        "chambers": worklists.completeness_by_chamber(request.user, member_counts=member_counts),
        "total": total,
    })


def _worklist(request):
    filters = worklists.parse_filters(request.GET)
    return filters, worklists.six_knowns_worklist(request.user, filters)


def _options(choices, selected) -> str:
    return format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if pk == selected else "", name) for pk, name in choices),
    )


@require_GET
def six_knowns_worklist(request):
    filters, members = _worklist(request)
    page = Paginator(members, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    for member in page.object_list:
        member.missing = worklists.missing_labels(member)
    organizations = access.visible_organizations(request.user).order_by("path").values_list("id", "name")
    chambers = Chamber.objects.exclude(kind=Chamber.Kind.GENERAL).order_by("kind", "name").values_list("id", "name")
    return render(request, "registry/six_knowns_worklist.html", {
        "page": page,
        "filters": filters,
        # A committee has a thousand organizations: the options are written here, not by a template loop.
        "organization_options": _options(organizations, filters.organization),
        "chamber_options": _options(chambers, filters.chamber),
        "knowns": sixknowns.SIX_KNOWNS,
        "query": request.GET.urlencode(),
    })


@require_GET
def six_knowns_worklist_export(request):
    filters, members = _worklist(request)
    content, rows = worklists.worklist_workbook(
        members.iterator(chunk_size=2000), show_personal_data=access.sees_personal_data(request.user)
    )
    file_name = f"六个掌握待补_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    exports.log_export(user=request.user, kind="six_knowns", filters=filters.as_dict(), rows=rows, file_name=file_name)
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return response
