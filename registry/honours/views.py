"""Honours pages: the commendations per year (a list with its filter and its export), a
commendation's page with its decision and history, the forms that record and change one; the
representatives' list and forms. Thin views over selectors and services."""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import id_from, page_of
from branches.form_views import changes_saved, form_view, saved
from registry.honours import exports, selectors, services
from registry.honours.forms import DecisionForm, HonourForm, RepresentativeForm
from registry.members.history import history_entries
from registry.members.selectors import member_to_edit
from registry.models import Honour


@require_GET
def honour_list(request):
    honour_filter, honours = selectors.honour_list(request.user, request.GET)
    return render(
        request,
        "registry/honours/honour_list.html",
        {
            "filter": honour_filter,
            "page": page_of(request, honours),
            "years": selectors.years(request.user),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_GET
def honour_export(request):
    _filter, honours = selectors.honour_list(request.user, request.GET)
    content, file_name, fallback = exports.honour_workbook(request.user, honours, request.GET)
    return file_response(content, file_name, fallback=fallback)


def _initial(request) -> dict:
    """A new commendation's form, opened from a member's page (?member=) or an organization's
    (?organization=): that member or organization filled in, if this user may change it."""
    initial = {"date": clock.today(), "state": Honour.State.NOMINATED}
    member_pk = id_from(request.GET.get("member"))
    if member_pk is not None:
        initial["member_id_number"] = member_to_edit(request.user, member_pk).id_number
    organization_pk = id_from(request.GET.get("organization"))
    if organization_pk is not None and access.may_change_organization(request.user, organization_pk):
        initial["organization"] = organization_pk
    return initial


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def honour_create(request):
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = HonourForm(request.POST, user=request.user)
    else:
        form = HonourForm(user=request.user, initial=_initial(request))
    return form_view(
        request,
        form,
        save=lambda: services.honour_create(data=form.service_data(), actor=request.user),
        done=lambda honour: saved(request, _("Commendation recorded."), "registry:honour_detail", pk=honour.pk),
        template="registry/honours/honour_form.html",
        context={"honour": None},
    )


@require_GET
def honour_detail(request, pk):
    honour = selectors.honour_detail(request.user, pk)
    return render(
        request,
        "registry/honours/honour_detail.html",
        {
            "honour": honour,
            "may_change": access.may_change_organization(request.user, honour.organization),
            "decision_form": DecisionForm(),
            "history": history_entries(honour, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def honour_edit(request, pk):
    honour = selectors.honour_to_change(request.user, pk)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        # The form validates a copy, so the service can still see what changed.
        form = HonourForm(request.POST, instance=copy.copy(honour), user=request.user)
    else:
        form = HonourForm(instance=honour, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.honour_update(
            honour=honour, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(
            request, changed, _("Changes saved."), "registry:honour_detail", pk=honour.pk
        ),
        template="registry/honours/honour_form.html",
        context={"honour": honour},
    )


@require_POST
def honour_decide(request, pk):
    honour = selectors.honour_to_change(request.user, pk)
    form = DecisionForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.honour_decide(honour=honour, state=form.cleaned_data["state"], actor=request.user),
        done=lambda changed: changes_saved(
            request, changed, _("Decision recorded."), "registry:honour_detail", pk=honour.pk
        ),
        page=lambda form: render(
            request,
            "registry/honours/honour_detail.html",
            {
                "honour": honour,
                "may_change": True,
                "decision_form": form,
                "history": history_entries(honour, show_personal_data=access.sees_personal_data(request.user)),
            },
        ),
    )


# --- representatives ------------------------------------------------------------------------------


@require_GET
def representative_list(request):
    representative_filter, representatives = selectors.representative_list(request.user, request.GET)
    return render(
        request,
        "registry/honours/representative_list.html",
        {
            "filter": representative_filter,
            "page": page_of(request, representatives),
            "today": clock.today(),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_GET
def representative_export(request):
    _filter, representatives = selectors.representative_list(request.user, request.GET)
    content, file_name, fallback = exports.representative_workbook(request.user, representatives, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def representative_create(request):
    if request.method == "POST":
        form = RepresentativeForm(request.POST, user=request.user)
    else:
        initial = {}
        member_pk = id_from(request.GET.get("member"))
        if member_pk is not None:
            initial["member_id_number"] = member_to_edit(request.user, member_pk).id_number
        form = RepresentativeForm(user=request.user, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.representative_create(data=form.service_data(), actor=request.user),
        done=lambda representative: saved(
            request, _("Representative recorded."), "registry:member_detail", pk=representative.member_id
        ),
        template="registry/honours/representative_form.html",
        context={"representative": None},
    )


@require_http_methods(["GET", "POST"])
def representative_edit(request, pk):
    representative = selectors.representative_to_change(request.user, pk)
    if request.method == "POST":
        form = RepresentativeForm(request.POST, instance=copy.copy(representative), user=request.user)
    else:
        form = RepresentativeForm(instance=representative, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.representative_update(
            representative=representative, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(request, changed, _("Changes saved."), "registry:representative_list"),
        template="registry/honours/representative_form.html",
        context={
            "representative": representative,
            "history": history_entries(representative, show_personal_data=access.sees_personal_data(request.user)),
        },
    )
