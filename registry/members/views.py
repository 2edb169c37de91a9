"""Member pages: thin views over selectors (scope) and services (writes)."""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, rooms
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from registry.checkin import selectors as checkin_selectors
from registry.members import selectors, services
from registry.members.forms import MemberForm
from registry.members.history import history_entries
from registry.movements import selectors as movement_selectors
from registry.movements.forms import event_kinds_for


@require_GET
def member_list(request):
    member_filter, members = selectors.filtered_members(request.user, request.GET)
    page = page_of(request, members)
    return render(request, "registry/member_list.html", {"filter": member_filter, "page": page})


@require_GET
def member_detail(request, pk):
    member = selectors.member_detail(request.user, pk)
    return render(
        request,
        "registry/member_detail.html",
        {
            "member": member,
            "six_knowns_missing": member.six_knowns_missing(),
            "history": history_entries(member, show_personal_data=access.sees_personal_data(request.user)),
            "may_change": access.may_change_organization(request.user, member.organization),
            "sections": rooms.sections("member_sections", request, member),  # the rooms' (dues, contacts…)
            "movements": movement_selectors.movements_of(member),
            "event_kinds": event_kinds_for(member),
            "last_confirmed": checkin_selectors.last_confirmed(member),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def member_create(request):
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = MemberForm(request.POST, user=request.user)
    else:
        form = MemberForm(user=request.user, initial={"organization": request.GET.get("organization")})
    return form_view(
        request,
        form,
        save=lambda: services.member_create(data=form.service_data(), actor=request.user),
        done=lambda member: saved(
            request, _("Member %(name)s added.") % {"name": member.name}, "registry:member_detail", pk=member.pk
        ),
        template="registry/member_form.html",
        context={"member": None},
    )


@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = selectors.member_to_edit(request.user, pk)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        # The form validates a copy, so the service can still see what changed.
        form = MemberForm(request.POST, instance=copy.copy(member), user=request.user)
    else:
        form = MemberForm(instance=member, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.member_update(
            member=member, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(
            request,
            changed,
            _("Changes to %(name)s saved.") % {"name": member.name},
            "registry:member_detail",
            pk=member.pk,
        ),
        template="registry/member_form.html",
        context={"member": member},
    )
