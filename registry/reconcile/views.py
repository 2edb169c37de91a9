"""名单核对: staff upload a list from outside, see it compared with the roster in four groups, and
export each group (docs/checkin.md#reconciliation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access
from branches.downloads import file_response
from branches.filtering import page_of
from branches.refusals import show_refusal
from registry.exports import workbooks
from registry.reconcile import compare, selectors, services
from registry.reconcile.exports import FILE_LABELS, GROUP_LABELS, group_workbook
from registry.reconcile.forms import ReconciliationForm
from spreadsheets.errors import ImportRefused

SHOWN = 200  # rows of a group on the page; the export has them all


@require_http_methods(["GET", "POST"])
@access.committee_required
def reconciliation_list(request):
    if request.method == "POST":
        form = ReconciliationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                comparison = compare.compare(
                    form.cleaned_data["file"],
                    mode=form.cleaned_data["mode"],
                    home_organization=form.cleaned_data["home_organization"],
                    members=selectors.members_to_compare(request.user),
                )
                reconciliation = services.reconciliation_keep(comparison=comparison, actor=request.user)
            except ImportRefused as refusal:
                form.add_error(None, refusal.message)
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("%(file)s compared with the roster.") % {"file": reconciliation.file_name})
                return redirect("registry:reconciliation_detail", pk=reconciliation.pk)
    else:
        form = ReconciliationForm()
    page = page_of(request, selectors.sorted_reconciliations(request.user, request.GET))
    return render(request, "registry/reconciliation_list.html", {"form": form, "page": page})


@require_GET
@access.committee_required
def reconciliation_detail(request, pk):
    reconciliation = selectors.reconciliation_detail(request.user, pk)
    groups = [
        {
            "key": key,
            "label": label,
            "entries": reconciliation.groups.get(key, [])[:SHOWN],
            "count": reconciliation.counts.get(key, 0),
        }
        for key, label in GROUP_LABELS.items()
    ]
    # A list naming several home organizations: each one's part, as its half year's letter reports it.
    by_home = [
        (name, [(GROUP_LABELS[key], part.get(key, 0)) for key in GROUP_LABELS])
        for name, part in (reconciliation.counts.get("by_home") or {}).items()
    ]
    return render(
        request,
        "registry/reconciliation_detail.html",
        {
            "reconciliation": reconciliation,
            "groups": groups,
            "shown": SHOWN,
            "unreadable": reconciliation.groups.get("unreadable", []),
            "by_home": by_home,
            "group_labels": GROUP_LABELS.values(),
        },
    )


@require_GET
@access.committee_required
def reconciliation_export(request, pk, group):
    if group not in GROUP_LABELS:
        raise Http404
    reconciliation = selectors.reconciliation_detail(request.user, pk)
    content, rows = group_workbook(reconciliation.groups.get(group, []))
    created = timezone.localtime(reconciliation.created_at)
    file_name = f"名单核对_{FILE_LABELS[group]}_{created:%Y%m%d_%H%M}.xlsx"
    workbooks.log_export(
        user=request.user,
        kind="reconciliation",
        filters={"reconciliation": reconciliation.pk, "group": group},
        rows=rows,
        file_name=file_name,
    )
    return file_response(
        content, file_name, fallback=f"reconciliation-{reconciliation.pk}-{group}-{created:%Y%m%d-%H%M}"
    )
