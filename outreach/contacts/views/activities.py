"""Activities and who attended them: picked, typed, or read from an attendance sheet; members who
attended nothing this year."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import access
from outreach.contacts import selectors, services
from outreach.contacts.attendance_import import import_attendance
from outreach.contacts.forms import MAX_PICKABLE, ActivityForm, AttendanceImportForm, AttendancePickForm
from outreach.contacts.views.common import (
    add_service_errors, page_of, require_change, require_may_change, visible_member, year_from,
)
from outreach.models import Activity
from registry.members.history import history_entries
from registry.imports import ImportRefused
from registry.models import Member


def activity_list(request):
    activities = selectors.activities_for(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        activities = activities.filter(date__year=int(year))
    kind = request.GET.get("kind", "")
    if kind in Activity.Kind.values:
        activities = activities.filter(kind=kind)
    return render(request, "outreach/contacts/activity_list.html", {
        "page": page_of(request, activities), "year": year, "kind": kind, "kinds": Activity.Kind.choices,
        "may_change": access.may_change_anything(request.user),
    })


def _refuse_out_of_scope_organizer(request):
    organizer = request.POST.get("organizer")
    if organizer and not (organizer.isdigit() and access.changeable_organizations(request.user).filter(pk=organizer).exists()):
        raise Http404


@require_http_methods(["GET", "POST"])
def activity_create(request):
    require_may_change(request)
    if request.method == "POST":
        _refuse_out_of_scope_organizer(request)
        form = ActivityForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                activity = services.activity_create(data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Activity recorded. Now add who attended."))
                return redirect("outreach:activity_detail", pk=activity.pk)
    else:
        form = ActivityForm(user=request.user, initial={"date": selectors.today()})
    return render(request, "outreach/contacts/activity_form.html", {"form": form, "activity": None})


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    require_change(request, activity.organizer_id)
    if request.method == "POST":
        _refuse_out_of_scope_organizer(request)
        form = ActivityForm(request.POST, instance=copy.copy(activity), user=request.user)
        if form.is_valid():
            try:
                changed = services.activity_update(
                    activity=activity, data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved.") if changed else _("Nothing was changed."))
                return redirect("outreach:activity_detail", pk=activity.pk)
    else:
        form = ActivityForm(instance=activity, user=request.user)
    return render(request, "outreach/contacts/activity_form.html", {"form": form, "activity": activity})


def _candidates(request, activity):
    """Members the user may record as attending: those they keep (and, for a branch's own activity,
    those of the organizing organization's subtree)."""
    members = Member.objects.filter(organization__in=access.changeable_organizations(request.user))
    if activity.organizer.level != activity.organizer.Level.COMMITTEE:
        members = members.filter(access.subtree_filter(activity.organizer, prefix="organization__"))
    return members.select_related("organization").order_by("organization__path", "name", "id")


def _detail(request, activity, pick_form=None, import_form=None, imported=None, status=200):
    may_change = access.changeable_organizations(request.user).filter(pk=activity.organizer_id).exists()
    candidates = _candidates(request, activity) if may_change else Member.objects.none()
    pickable = may_change and candidates.count() <= MAX_PICKABLE
    if may_change:
        pick_form = pick_form or AttendancePickForm(candidates=candidates)
        import_form = import_form or AttendanceImportForm()
    attendances = selectors.attendances_of(request.user, activity)
    present = set(attendances.values_list("member_id", flat=True)) if pickable else set()
    return render(request, "outreach/contacts/activity_detail.html", {
        "activity": activity,
        "attendances": page_of(request, attendances, 200),
        "may_change": may_change,
        "pick_form": pick_form, "import_form": import_form, "imported": imported,
        "pickable": pickable, "candidates": candidates if pickable else [], "present": present,
        "history": history_entries(activity, show_personal_data=access.sees_personal_data(request.user)),
    }, status=status)


def activity_detail(request, pk):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    return _detail(request, activity)


def _changeable_activity(request, pk):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    require_change(request, activity.organizer_id)
    return activity


@require_POST
def attendance_add(request, pk):
    activity = _changeable_activity(request, pk)
    form = AttendancePickForm(request.POST, candidates=_candidates(request, activity))
    if not form.is_valid():
        return _detail(request, activity, pick_form=form)
    added = services.attendance_add(activity=activity, members=form.cleaned_data["picked"], actor=request.user)
    messages.success(request, _("%(count)d attendees added.") % {"count": len(added)})
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_POST
def attendance_import(request, pk):
    activity = _changeable_activity(request, pk)
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, activity, import_form=form)
    try:
        outcome = import_attendance(
            activity=activity, source=form.cleaned_data["file"], candidates=_candidates(request, activity),
            actor=request.user, filename=form.cleaned_data["file"].name,
        )
    except ImportRefused as refusal:
        form.add_error("file", refusal.message)
        return _detail(request, activity, import_form=form)
    if not outcome.written:
        form.add_error("file", _("Nothing was added: correct the rows listed below and upload the sheet again."))
        return _detail(request, activity, import_form=form, imported=outcome)
    messages.success(request, _("Attendance sheet read: %(added)d attendees added, %(unchanged)d already recorded.")
                     % {"added": outcome.added, "unchanged": outcome.unchanged})
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_POST
def attendance_remove(request, pk, member_pk):
    activity = _changeable_activity(request, pk)
    member = visible_member(request, member_pk)
    if services.attendance_remove(activity=activity, member=member, actor=request.user):
        messages.success(request, _("%(name)s removed from the attendance.") % {"name": member.name})
    return redirect("outreach:activity_detail", pk=activity.pk)


def members_without_activity(request):
    """Members who attended no activity this year (or the year asked for)."""
    year = year_from(request)
    organization = None
    value = request.GET.get("organization", "")
    if value:
        if not value.isdigit():
            raise Http404
        organization = get_object_or_404(access.visible_organizations(request.user), pk=value)
    members = selectors.members_without_activity(request.user, year, organization)
    return render(request, "outreach/contacts/members_without_activity.html", {
        "page": page_of(request, members), "year": year, "organization": organization,
        "organizations": access.visible_organizations(request.user).order_by("path"),
    })
