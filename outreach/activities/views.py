"""Activities and who attended them: picked, typed, or read from an attendance sheet; members who
attended nothing this year. An activity is a gathering of registry/orglife (docs/orglife.md#activities):
the same record as the meeting pages show, with its whole attendance sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from outreach.activities import selectors, services
from outreach.activities.forms import MAX_PICKABLE, ActivityForm, AttendanceImportForm, AttendancePickForm
from outreach.activities.imports import AttendanceImporter
from outreach.scope import organizations_to_filter, visible_member
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


def _detail(request, activity, pick_form=None, import_form=None):
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
    """An attendance sheet is checked in the background like every import (never read inside the
    request): its run's page shows the rows, and the attendees are added once it is confirmed."""
    activity = selectors.activity_to_change(request.user, pk)
    form = AttendanceImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = import_runs.import_start(
                user=request.user,
                kind=AttendanceImporter.kind,
                upload=upload,
                options={"activity": activity.pk, "file_name": upload.name or ""},
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("registry:import_detail", pk=run.pk)
    return _detail(request, activity, import_form=form)


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
