"""The meeting pages (ORGLIFE.md §1): the list per organization, a meeting's page with its
attendance sheet (saved in one POST), its sign-in sheet upload, its attachments, its minutes as a
会议记录 on A4, and the forms to record and edit a meeting."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import PDF, file_response
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from printing.pdf import render_pdf
from registry.exports.workbooks import log_export
from registry.imports import runs as import_runs
from registry.members import masking
from registry.members.history import history_entries
from registry.models import GatheringKind
from registry.orglife import exports, selectors, services
from registry.orglife.forms import AttachmentForm, AttendanceSheetForm, GatheringForm, SignInSheetForm
from registry.orglife.imports import MeetingAttendanceImporter


@require_GET
def meeting_list(request):
    meeting_filter, gatherings = selectors.gathering_list(request.user, request.GET)
    return render(
        request,
        "registry/orglife/meeting_list.html",
        {
            "filter": meeting_filter,
            "page": page_of(request, gatherings),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_GET
def meeting_export(request):
    _filter, gatherings = selectors.gathering_list(request.user, request.GET)
    content, file_name, fallback = exports.meeting_workbook(request.user, gatherings, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def meeting_create(request):
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request, "organization")
        form = GatheringForm(request.POST, user=request.user)
    else:
        initial = {"date": clock.today()}
        organization = request.GET.get("organization")
        if organization and access.may_change_organization(request.user, organization):
            initial["organization"] = organization
        kind = request.GET.get("kind")
        if kind in GatheringKind.Kind.values:
            initial["kinds"] = [kind]
        form = GatheringForm(user=request.user, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.gathering_create(
            data=form.service_data(), kinds=form.cleaned_data["kinds"], actor=request.user
        ),
        done=lambda gathering: saved(
            request,
            _("Meeting recorded. Now mark who attended."),
            "registry:meeting_detail",
            pk=gathering.pk,
        ),
        template="registry/orglife/meeting_form.html",
        context={"gathering": None},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    gathering = selectors.gathering_to_change(request.user, pk)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request, "organization")
        # The form validates a copy, so the service can still see what changed.
        form = GatheringForm(request.POST, instance=copy.copy(gathering), user=request.user)
    else:
        form = GatheringForm(instance=gathering, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.gathering_update(
            gathering=gathering,
            data=form.service_data(),
            kinds=form.cleaned_data["kinds"],
            actor=request.user,
            version=form.read_version,
        ),
        done=lambda changed: changes_saved(
            request, changed, _("Changes saved."), "registry:meeting_detail", pk=gathering.pk
        ),
        template="registry/orglife/meeting_form.html",
        context={"gathering": gathering},
    )


def _detail(request, gathering, *, sheet_form=None, attachment_form=None, import_form=None):
    may_change = access.may_change_organization(request.user, gathering.organization)
    sheet = selectors.attendance_sheet(request.user, gathering)
    if may_change:
        sheet_form = sheet_form or AttendanceSheetForm(lines=sheet["lines"], gathering=gathering)
        attachment_form = attachment_form or AttachmentForm()
        import_form = import_form or SignInSheetForm()
    return render(
        request,
        "registry/orglife/meeting_detail.html",
        {
            "gathering": gathering,
            "kinds": selectors.kinds_of(gathering),
            "sheet": sheet,
            "may_change": may_change,
            "sheet_form": sheet_form,
            "attachments": selectors.attachments_of(gathering),
            "attachment_form": attachment_form,
            "import_form": import_form,
            "history": history_entries(gathering, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_GET
def meeting_detail(request, pk):
    return _detail(request, selectors.gathering_detail(request.user, pk))


@require_POST
def meeting_attendance(request, pk):
    """The whole attendance sheet in one POST: every line with a status is recorded."""
    gathering = selectors.gathering_to_change(request.user, pk)
    sheet = selectors.attendance_sheet(request.user, gathering)
    kept = selectors.sheet_members(request.user, gathering, [member.pk for member, _a in sheet["lines"]])
    lines = [(member, attendance) for member, attendance in sheet["lines"] if member.pk in kept]
    form = AttendanceSheetForm(request.POST, lines=lines, gathering=gathering)
    return form_view(
        request,
        form,
        save=lambda: services.attendance_record(
            gathering=gathering, entries=form.cleaned_data["entries"], actor=request.user
        ),
        done=lambda counts: saved(
            request,
            _("Attendance saved: %(new)d added, %(updated)d changed.") % counts,
            "registry:meeting_detail",
            pk=gathering.pk,
        ),
        page=lambda form: _detail(request, gathering, sheet_form=form),
    )


@require_POST
def meeting_attendance_import(request, pk):
    """A sign-in sheet for this meeting is checked in the background like every import (never read
    inside the request): its run's page shows the rows, and they are recorded once it is confirmed."""
    gathering = selectors.gathering_to_change(request.user, pk)
    form = SignInSheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = import_runs.import_start(
                user=request.user,
                kind=MeetingAttendanceImporter.kind,
                upload=upload,
                options={"meeting": gathering.pk, "file_name": upload.name or ""},
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("registry:import_detail", pk=run.pk)
    return _detail(request, gathering, import_form=form)


@require_GET
def meeting_attendance_export(request, pk):
    gathering = selectors.gathering_detail(request.user, pk)
    content, file_name, fallback = exports.sign_in_workbook(
        request.user, gathering, selectors.attendances_of(request.user, gathering)
    )
    return file_response(content, file_name, fallback=fallback)


@require_POST
def meeting_attachment_add(request, pk):
    gathering = selectors.gathering_to_change(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    return form_view(
        request,
        form,
        save=lambda: services.attachment_add(gathering=gathering, upload=form.cleaned_data["file"], actor=request.user),
        done=lambda attachment: saved(
            request, _("%(name)s attached.") % {"name": attachment.name}, "registry:meeting_detail", pk=gathering.pk
        ),
        page=lambda form: _detail(request, gathering, attachment_form=form),
    )


@require_GET
def meeting_attachment(request, pk, attachment_pk):
    """The file, to those who see the meeting's organization only: never from a public URL."""
    attachment = selectors.attachment_for(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Shown in the browser (a photo, a PDF to look at) under its own name, as the type its content was
    # found to be, never sniffed as anything else, and sandboxed: an attachment runs nothing.
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=False, filename=attachment.name)
    # A file that may name people (minutes, a sign-in photo): logged as every file the registry gives.
    log_export(user=request.user, kind="meeting_attachment", filters={"meeting": pk}, rows=1, file_name=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@require_POST
def meeting_attachment_delete(request, pk, attachment_pk):
    gathering = selectors.gathering_to_change(request.user, pk)
    attachment = selectors.attachment_for(request.user, gathering.pk, attachment_pk)
    services.attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, _("%(name)s removed.") % {"name": attachment.name})
    return redirect("registry:meeting_detail", pk=gathering.pk)


@require_GET
def meeting_pdf(request, pk):
    """The meeting's minutes as a 会议记录 on A4, with its attendance."""
    gathering = selectors.gathering_detail(request.user, pk)
    sheet = selectors.attendance_sheet(request.user, gathering)
    content = render_pdf(
        "registry/orglife/meeting_pdf.html",
        {"gathering": gathering, "kinds": selectors.kinds_of(gathering), "sheet": sheet},
        request=request,
        mask=masking.paper_mask(request.user),
    )
    file_name = f"会议记录_{gathering.date:%Y%m%d}_{gathering.pk}.pdf"
    log_export(user=request.user, kind="meeting_record", filters={"meeting": gathering.pk}, rows=1, file_name=file_name)
    return file_response(
        content,
        file_name,
        fallback=f"meeting-record-{gathering.date:%Y%m%d}-{gathering.pk}",
        content_type=PDF,
        inline=True,
    )
