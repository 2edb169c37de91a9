"""Organization, chamber and enterprise pages — lists, details, and the forms that add and change
them — in one room and one namespace.

They live in `registry` because they show organizations with counts of members; `branches`
knows nothing of members. The three lists take the filters of branches.selectors
(`?level=general_branch`, `?kind=city&covered=1`, `?coverage=own`), so that each figure of the
dashboards links to a list of exactly that many records.
"""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, rooms, services
from branches.filtering import page_of
from branches.form_views import form_view, saved
from branches.forms import ChamberForm, EnterpriseForm, OrganizationForm
from registry.members.history import history_entries
from registry.organizations import selectors


@require_GET
def organization_list(request):
    def figures():  # called inside the page's remembered part (branches/templatetags/remembering.py)
        organizations, applied = selectors.organization_list(request.user, request.GET)
        # A thousand organizations are paged like every list: their figures are counted whole (remembered),
        # the page writes its rows only.
        return {"page": page_of(request, organizations), "applied": selectors.described(applied)}

    return render(request, "branches/organization_list.html", {"figures": figures, "query": request.GET.urlencode()})


@require_GET
def organization_detail(request, pk):
    context = selectors.organization_page(request.user, pk)
    organization = context["organization"]
    context["may_change"] = access.may_change_organization(request.user, organization)
    context["history"] = history_entries(organization, show_personal_data=access.sees_personal_data(request.user))
    context["sections"] = rooms.sections("organization_sections", request, organization)  # the rooms' (honours…)
    return render(request, "branches/organization_detail.html", context)


@require_GET
def chamber_list(request):
    chambers, applied = selectors.chamber_list(request.user, request.GET)
    return render(
        request,
        "branches/chamber_list.html",
        {
            "chambers": chambers,
            "applied": selectors.described(applied),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def chamber_detail(request, pk):
    return render(request, "branches/chamber_detail.html", selectors.chamber_page(request.user, pk))


@require_GET
def enterprise_list(request):
    enterprises, applied = selectors.enterprise_list(request.user, request.GET)
    return render(
        request,
        "branches/enterprise_list.html",
        {
            "page": page_of(request, enterprises),
            "applied": selectors.described(applied),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def enterprise_detail(request, pk):
    return render(request, "branches/enterprise_detail.html", selectors.enterprise_page(request.user, pk))


# --- adding and changing ----------------------------------------------------------------------


def _form_page(request, *, form_class, instance, create, update, title, detail_route):
    """GET shows the form; POST validates a copy, calls one service (`create` for a new record,
    `update` for an existing one), and redirects to the record."""
    if request.method == "POST":
        form = form_class(request.POST, instance=copy.copy(instance) if instance else None, user=request.user)
    else:
        form = form_class(instance=instance, user=request.user)

    def save():
        data = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name in form.cleaned_data and not form.fields[name].disabled
        }
        if instance is None:
            return create(data=data, actor=request.user)
        return update(instance, data=data, actor=request.user, version=form.read_version)

    def done(result):
        if instance is None:
            return saved(request, _("%(name)s added.") % {"name": result}, detail_route, pk=result.pk)
        return saved(
            request, _("Changes saved.") if result else _("Nothing was changed."), detail_route, pk=instance.pk
        )

    return form_view(
        request,
        form,
        save=save,
        done=done,
        template="branches/record_form.html",
        context={"title": title, "record": instance},
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def chamber_edit(request, pk=None):
    chamber = selectors.chamber_to_edit(pk)
    return _form_page(
        request,
        form_class=ChamberForm,
        instance=chamber,
        create=services.chamber_create,
        update=lambda record, **kw: services.chamber_update(chamber=record, **kw),
        title=_("Edit chamber") if chamber else _("New chamber"),
        detail_route="registry:chamber_detail",
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def enterprise_edit(request, pk=None):
    enterprise = selectors.enterprise_to_edit(pk)
    return _form_page(
        request,
        form_class=EnterpriseForm,
        instance=enterprise,
        create=services.enterprise_create,
        update=lambda record, **kw: services.enterprise_update(enterprise=record, **kw),
        title=_("Edit enterprise") if enterprise else _("New enterprise"),
        detail_route="registry:enterprise_detail",
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def organization_edit(request, pk=None):
    organization = selectors.organization_to_edit(request.user, pk)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request, "parent")  # as for a guessed URL
    return _form_page(
        request,
        form_class=OrganizationForm,
        instance=organization,
        create=services.organization_create,
        update=lambda record, **kw: services.organization_update(organization=record, **kw),
        title=_("Edit party organization") if organization else _("New party organization"),
        detail_route="registry:organization_detail",
    )
