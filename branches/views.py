"""Adding and changing chambers, enterprises and organizations: thin views over the services;
the committee's page of roles and their history."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, selectors, services
from branches.forms import ChamberForm, EnterpriseForm, OrganizationForm
from branches.models import Chamber, Enterprise


def _form_page(request, *, form_class, instance, create, update, title, detail_route):
    """GET shows the form; POST validates a copy, calls one service, and redirects to the record."""
    if request.method == "POST":
        form = form_class(request.POST, instance=copy.copy(instance) if instance else None, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
            if instance is None:
                record = create(data=data, actor=request.user)
                messages.success(request, _("%(name)s added.") % {"name": record})
            else:
                record = instance
                changed = update(record, data=data, actor=request.user)
                messages.success(request, _("Changes saved.") if changed else _("Nothing was changed."))
            return redirect(detail_route, pk=record.pk)
    else:
        form = form_class(instance=instance, user=request.user)
    return render(request, "branches/record_form.html", {"form": form, "title": title, "record": instance})


def _require_committee(request):
    if not access.is_committee(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def chamber_edit(request, pk=None):
    _require_committee(request)
    chamber = get_object_or_404(Chamber, pk=pk) if pk else None
    return _form_page(
        request, form_class=ChamberForm, instance=chamber,
        create=services.chamber_create,
        update=lambda record, **kw: services.chamber_update(chamber=record, **kw),
        title=_("Edit chamber") if chamber else _("New chamber"), detail_route="registry:chamber_detail",
    )


@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk=None):
    _require_committee(request)
    enterprise = get_object_or_404(Enterprise, pk=pk) if pk else None
    return _form_page(
        request, form_class=EnterpriseForm, instance=enterprise,
        create=services.enterprise_create,
        update=lambda record, **kw: services.enterprise_update(enterprise=record, **kw),
        title=_("Edit enterprise") if enterprise else _("New enterprise"), detail_route="registry:enterprise_detail",
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request, pk=None):
    if not access.may_change_anything(request.user):
        raise PermissionDenied
    organization = get_object_or_404(access.changeable_organizations(request.user), pk=pk) if pk else None
    if request.method == "POST":
        parent_id = request.POST.get("parent")
        if parent_id and not access.changeable_organizations(request.user).filter(
            pk=parent_id if parent_id.isdigit() else None
        ).exists():
            raise Http404
    return _form_page(
        request, form_class=OrganizationForm, instance=organization,
        create=services.organization_create,
        update=lambda record, **kw: services.organization_update(organization=record, **kw),
        title=_("Edit party organization") if organization else _("New party organization"),
        detail_route="registry:organization_detail",
    )


ROLE_HISTORY_PAGE_SIZE = 50


@require_GET
@access.committee_required
def role_list(request):
    """Who holds which role now, and every grant, change and revocation with who made it."""
    page = Paginator(selectors.role_history_for(request.user), ROLE_HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "branches/role_list.html", {
        "assignments": selectors.role_assignments_for(request.user),
        "page": page,
        "changes": selectors.role_changes(page.object_list),
    })
