"""The committee's figures: the six knowns as work (completeness, the work list and its export),
chamber and enterprise coverage with the formation advice, and the printable summary with its
workbook. Everything is counted over what the user may see."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.remembered import remembered
from registry import sixknowns
from registry.dues import selectors as dues_selectors
from registry.exports import workbooks as exports
from registry.exports.lists import SIX_KNOWNS
from registry.exports.views import export_list
from registry.figures import dashboard, worklists
from registry.figures.summary import summary_tables, summary_workbook
from registry.organizations import selectors as organization_selectors

# --- the six knowns ---------------------------------------------------------------------------


@require_GET
def six_knowns_overview(request):
    return render(request, "registry/six_knowns.html", {"figures": lambda: _six_knowns_figures(request)})


def _six_knowns_figures(request) -> dict:
    """Called inside the page's remembered part (branches/templatetags/remembering.py). The totals are
    the whole tree's; the rows by organization a page's."""
    user = request.user
    # The visible organizations in tree order, each with `own` and `subtree` figures (applicable, complete).
    organizations = organization_selectors.organization_tree(user)
    for organization in organizations:
        organization.incomplete = organization.subtree["applicable"] - organization.subtree["complete"]
    roots = [organization for organization in organizations if organization.indent == 0]
    total = {
        "applicable": sum(organization.subtree["applicable"] for organization in roots),
        "complete": sum(organization.subtree["complete"] for organization in roots),
    }
    member_counts = {organization.pk: organization.own for organization in organizations}
    return {
        "page": page_of(request, organizations),
        "chambers": worklists.completeness_by_chamber(user, member_counts=member_counts),
        "total": total,
    }


def _worklist(request):
    filters = worklists.parse_filters(request.GET)
    return filters, worklists.sorted_worklist(worklists.six_knowns_worklist(request.user, filters), request.GET)


def _options(choices, selected) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if pk == selected else "", name) for pk, name in choices),
    )


@require_GET
def six_knowns_worklist(request):
    filters, members = _worklist(request)
    page = page_of(request, members)
    for member in page.object_list:
        member.missing = worklists.missing_labels(member)
    organizations, chambers = worklists.worklist_choices(request.user)
    return render(
        request,
        "registry/six_knowns_worklist.html",
        {
            "page": page,
            "filters": filters,
            # A committee has a thousand organizations: the options are written here, not by a template loop.
            "organization_options": _options(organizations, filters.organization),
            "chamber_options": _options(chambers, filters.chamber),
            "knowns": sixknowns.SIX_KNOWNS,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def six_knowns_worklist_export(request):
    # At once, or prepared in the background when long (registry/exports/lists.py).
    return export_list(request, SIX_KNOWNS)


# --- coverage ---------------------------------------------------------------------------------


@require_GET
@access.sees_everything_required
def coverage(request):
    """Chamber and enterprise coverage and the formation advice: the committee's structure, for
    the committee and reviewers (a secretary's figures are on their home page)."""
    user = request.user  # the page's part remembered as written (branches/templatetags/remembering.py)
    everything = request.GET.get("advice", "")

    def figures():
        context = remembered("coverage", user, lambda: dashboard.coverage_for(user))
        # Each rule's advice, its first ADVICE_SHOWN items unless all of that rule are asked for
        # (`?advice=<rule>`): a registry of thousands of enterprises has thousands of pieces of advice.
        context["advice_shown"] = [
            (rule, items if rule.value == everything else items[:ADVICE_SHOWN], len(items))
            for rule, items in context["advice"]
        ]
        return context

    return render(request, "branches/coverage.html", {"figures": figures})


# How many pieces of advice of each rule the coverage page lists before "show all".
ADVICE_SHOWN = 50


# --- the summary ------------------------------------------------------------------------------


def _summary_context(user) -> dict:
    """The summary's figures, counted once and shown again while nothing they read has changed
    (branches/remembered.py): the page and its workbook share them."""
    return remembered("summary", user, lambda: _counted_summary(user), alone=True)


def _counted_summary(user) -> dict:
    # The home page's figures and the coverage's advice, each counted once for the pages that show them.
    context = remembered("dashboard", user, lambda: dashboard.dashboard_for(user), alone=True)
    context["dues_year"] = clock.today().year
    context["dues_received"] = dues_selectors.received_total(user, year=context["dues_year"])
    if context["committee_view"]:
        context["advice"] = dashboard.advice_counts(user, context)
    return context


@require_GET
def summary(request):
    context = _summary_context(request.user)
    context["tables"] = summary_tables(context)
    context["printed_at"] = timezone.localtime()
    return render(request, "dashboard/summary.html", context)


@require_GET
def summary_export(request):
    context = _summary_context(request.user)
    tables = summary_tables(context)
    stamp = timezone.localtime()
    file_name = f"统计汇总_{stamp:%Y%m%d_%H%M}.xlsx"
    content = summary_workbook(tables)
    exports.log_export(
        user=request.user, kind="summary", filters={}, rows=sum(len(t["rows"]) for t in tables), file_name=file_name
    )
    return file_response(content, file_name, fallback=f"summary-{stamp:%Y%m%d-%H%M}")
