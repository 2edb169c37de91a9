"""Member pages: thin views over selectors (scope) and services (writes)."""

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import access
from registry import extensions, selectors, services
from registry.filters import MemberFilter
from registry.forms import MemberForm
from registry.history import history_entries


def filtered_members(request):
    """The roster as the list shows it: scoped, then filtered (an invalid filter shows nothing)."""
    params = request.GET.copy()
    params.pop("page", None)
    member_filter = MemberFilter(params or None, queryset=selectors.member_list(request.user), user=request.user)
    if not member_filter.is_bound:
        return member_filter, member_filter.queryset
    if not member_filter.is_valid():
        return member_filter, member_filter.queryset.none()
    return member_filter, member_filter.qs


def member_list(request):
    member_filter, members = filtered_members(request)
    page = Paginator(members, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/member_list.html", {"filter": member_filter, "page": page})


def member_detail(request, pk):
    member = get_object_or_404(selectors.member_detail(request.user), pk=pk)
    return render(request, "registry/member_detail.html", {
        "member": member,
        "six_knowns_missing": member.six_knowns_missing(),
        "history": history_entries(member, show_personal_data=access.sees_personal_data(request.user)),
        "may_change": access.changeable_organizations(request.user).filter(pk=member.organization_id).exists(),
        "extra_sections": extensions.sections(extensions.member_sections, request, member),
    })


def _refuse_out_of_scope_organization(request):
    """A secretary posting an organization outside their subtree gets 404, as for a guessed URL."""
    organization_id = request.POST.get("organization")
    if organization_id and not access.changeable_organizations(request.user).filter(
        pk=organization_id if str(organization_id).isdigit() else None
    ).exists():
        raise Http404


@require_http_methods(["GET", "POST"])
def member_create(request):
    if not access.may_change_anything(request.user):
        raise PermissionDenied
    if request.method == "POST":
        _refuse_out_of_scope_organization(request)
        form = MemberForm(request.POST, user=request.user)
        if form.is_valid():
            member = services.member_create(data=form.service_data(), actor=request.user)
            messages.success(request, _("Member %(name)s added.") % {"name": member.name})
            return redirect("registry:member_detail", pk=member.pk)
    else:
        form = MemberForm(user=request.user, initial={"organization": request.GET.get("organization")})
    return render(request, "registry/member_form.html", {"form": form, "member": None})


@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_object_or_404(selectors.members_visible_to(request.user).select_related("organization"), pk=pk)
    if not access.changeable_organizations(request.user).filter(pk=member.organization_id).exists():
        raise PermissionDenied
    if request.method == "POST":
        _refuse_out_of_scope_organization(request)
        # The form validates a copy, so the service can still see what changed.
        form = MemberForm(request.POST, instance=copy.copy(member), user=request.user)
        if form.is_valid():
            changed = services.member_update(member=member, data=form.service_data(), actor=request.user)
            if changed:
                messages.success(request, _("Changes to %(name)s saved.") % {"name": member.name})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("registry:member_detail", pk=member.pk)
    else:
        form = MemberForm(instance=member, user=request.user)
    return render(request, "registry/member_form.html", {"form": form, "member": member})
