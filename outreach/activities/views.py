"""Activities and who attended them: picked, typed, or read from an attendance sheet; members who
attended nothing this year. An activity is a gathering of registry/orglife (docs/orglife.md#activities):
the same record as the meeting pages show, with its whole attendance sheet."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from outreach.activities import selectors, services
from outreach.activities.forms import MAX_PICKABLE, ActivityForm, AttendanceImportForm, AttendancePickForm
from outreach.activities.imports import import_attendance
from outreach.scope import organizations_to_filter, visible_member
from registry.imports import ImportRefused
from registry.imports import runs as import_runs
from registry.members.history import history_entries
from registry.models import GatheringKind


@require_GET
def activity_list(request):
    activity_filter, activities = selectors.activity_list(request.user, request.GET)
    return render(
        request,
        "outreach/contacts/activity_list.html",
        {
            "filter": activity_filter,
            "page": page_of(request, activities),
            "year": request.GET.get("year", ""),
            "kind": request.GET.get("kind", ""),
            "kinds": GatheringKind.Kind.choices,
            "may_change": access.may_change_anything(request.user),
        },
    )


def _refuse_out_of_scope_organizer(request):
    """An organizer outside the user's organizations is answered as a guessed URL: 404."""
    access.refuse_posted_organization_out_of_scope(request, "organizer")


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def activity_create(request):
    if request.method == "POST":
        _refuse_out_of_scope_organizer(request)
        form = ActivityForm(request.POST, user=request.user)
    else:
        form = ActivityForm(user=request.user, initial={"date": clock.today()})
    return form_view(
        request,
        form,
        save=lambda: services.activity_create(
            data=form.gathering_data(), kind=form.cleaned_data["kind"], actor=request.user
        ),
        done=lambda activity: saved(
            request, _("Activity recorded. Now add who attended."), "outreach:activity_detail", pk=activity.pk
        ),
        template="outreach/contacts/activity_form.html",
        context={"activity": None},
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = selectors.activity_to_change(request.user, pk)
    if request.method == "POST":
        _refuse_out_of_scope_organizer(request)
        # A plain form over the gathering: the record is changed by the service alone.
        form = ActivityForm(request.POST, instance=activity, user=request.user)
    else:
        form = ActivityForm(instance=activity, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.activity_update(
            activity=activity,
            data=form.gathering_data(),
            kind=form.cleaned_data["kind"],
            actor=request.user,
            version=form.read_version,
        ),
        done=lambda changed: changes_saved(
            request, changed, _("Changes saved."), "outreach:activity_detail", pk=activity.pk
        ),
        template="outreach/contacts/activity_form.html",
        context={"activity": activity},
    )


def _detail(request, activity, pick_form=None, import_form=None, imported=None, import_run=None):
    may_change = access.may_change_organization(request.user, activity.organization)
    picker = {"candidates": [], "pickable": False, "present": set()}
    if may_change:
        picker = selectors.attendance_picker(request.user, activity, limit=MAX_PICKABLE)
        pick_form = pick_form or AttendancePickForm(candidates=picker["candidates"])
        import_form = import_form or AttendanceImportForm()
    return render(
        request,
        "outreach/contacts/activity_detail.html",
        {
            "activity": activity,
            "attendances": page_of(request, selectors.attendances_of(request.user, activity), 200),
            "may_change": may_change,
            "pick_form": pick_form,
            "import_form": import_form,
            "imported": imported,
            "import_run": import_run,
            "pickable": picker["pickable"],
            "candidates": picker["candidates"] if picker["pickable"] else [],
            "present": picker["present"],
            "history": history_entries(activity, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_GET
def activity_detail(request, pk):
    return _detail(request, selectors.activity_detail(request.user, pk))


@require_POST
def attendance_add(request, pk):
    activity = selectors.activity_to_change(request.user, pk)
    form = AttendancePickForm(request.POST, candidates=selectors.attendance_candidates(request.user, activity))
    return form_view(
        request,
        form,
        save=lambda: services.attendance_add(
            activity=activity, members=form.cleaned_data["picked"], actor=request.user
        ),
        done=lambda added: saved(
            request, _("%(count)d attendees added.") % {"count": len(added)}, "outreach:activity_detail", pk=activity.pk
        ),
        page=lambda form: _detail(request, activity, pick_form=form),
    )


@require_POST
def attendance_import(request, pk):
    """An attendance sheet, all or nothing; every import (refused, with bad rows, or written)
    leaves a run in the registry's import list, with the bad rows as a workbook."""
    activity = selectors.activity_to_change(request.user, pk)
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, activity, import_form=form)
    upload = form.cleaned_data["file"]
    result, refusal = None, ""
    try:
        result = import_attendance(
            activity=activity,
            source=upload,
            candidates=selectors.attendance_candidates(request.user, activity),
            actor=request.user,
            filename=upload.name,
        )
    except ImportRefused as error:
        refusal = error.message
    run = import_runs.record_run(
        kind="attendance",
        result=result,
        user=request.user,
        dry_run=False,
        refused_message=refusal,
        source_name=upload.name or "",
        size=upload.size or 0,
    )
    if result is None:
        form.add_error("file", refusal)
        return _detail(request, activity, import_form=form)
    if not result.written:
        form.add_error("file", _("Nothing was added: correct the rows listed below and upload the sheet again."))
        return _detail(request, activity, import_form=form, imported=result, import_run=run)
    messages.success(
        request,
        _("Attendance sheet read: %(added)d attendees added, %(unchanged)d already recorded.")
        % {"added": result.new, "unchanged": result.unchanged},
    )
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_POST
def attendance_remove(request, pk, member_pk):
    activity = selectors.activity_to_change(request.user, pk)
    member = visible_member(request.user, member_pk)
    if services.attendance_remove(activity=activity, member=member, actor=request.user):
        messages.success(request, _("%(name)s removed from the attendance.") % {"name": member.name})
    return redirect("outreach:activity_detail", pk=activity.pk)


@require_GET
def members_without_activity(request):
    """Members who attended no activity this year (or the year asked for)."""
    absentee_filter, members = selectors.absentee_list(request.user, request.GET)
    return render(
        request,
        "outreach/contacts/members_without_activity.html",
        {
            "filter": absentee_filter,
            "page": page_of(request, members),
            "year": absentee_filter.year_shown,
            "organization": absentee_filter.organization_shown,
            "organizations": organizations_to_filter(request.user),
        },
    )
