"""名单核对: staff upload a list from outside, see it compared with the roster in four groups, and
export each group (docs/checkin.md#reconciliation)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.exports import workbooks
from registry.reconcile import compare, selectors, services
from registry.reconcile.exports import FILE_LABELS, GROUP_LABELS, group_workbook
from registry.reconcile.forms import ReconciliationForm
from spreadsheets.errors import ImportRefused

SHOWN = 200  # rows of a group on the page; the export has them all


@require_http_methods(["GET", "POST"])
@access.committee_required
def reconciliation_list(request):
    form = ReconciliationForm(request.POST, request.FILES) if request.method == "POST" else ReconciliationForm()

    def save():
        try:
            comparison = compare.compare(
                form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
                home_organization=form.cleaned_data["home_organization"],
                members=selectors.members_to_compare(request.user),
            )
        except ImportRefused as refusal:  # not a list that can be read: said above the form
            raise ValidationError(refusal.message) from None
        return services.reconciliation_keep(comparison=comparison, actor=request.user)

    return form_view(
        request,
        form,
        save=save,
        done=lambda reconciliation: saved(
            request,
            _("%(file)s compared with the roster.") % {"file": reconciliation.file_name},
            "registry:reconciliation_detail",
            pk=reconciliation.pk,
        ),
        page=lambda form: render(
            request,
            "registry/reconciliation_list.html",
            {"form": form, "page": page_of(request, selectors.sorted_reconciliations(request.user, request.GET))},
        ),
    )


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
