"""Discipline pages: the register (a list with its filter and export) and recording a decision from a
member's page. Thin views over selectors and services."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.discipline import exports, selectors, services
from registry.discipline.forms import DisciplineForm
from registry.models import Discipline


@require_GET
def discipline_list(request):
    discipline_filter, records = selectors.discipline_list(request.user, request.GET)
    page = page_of(request, records)
    return render(request, "registry/discipline/discipline_list.html", {"filter": discipline_filter, "page": page})


@require_GET
def discipline_export(request):
    _filter, records = selectors.discipline_list(request.user, request.GET)
    content, file_name, fallback = exports.discipline_workbook(request.user, records, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def discipline_record(request, pk):
    member = selectors.member_for_discipline(request.user, pk)
    form = DisciplineForm(request.POST or None)

    def done(record):
        message = _("%(kind)s recorded for %(name)s.") % {"kind": record.get_kind_display(), "name": member.name}
        if record.kind == Discipline.Kind.EXPULSION:
            return saved(request, message, "registry:former_member_detail", pk=member.pk)
        return saved(request, message, "registry:member_detail", pk=member.pk)

    return form_view(
        request,
        form,
        save=lambda: services.discipline_record(member=member, data=form.service_data(), actor=request.user),
        done=done,
        template="registry/discipline/discipline_form.html",
        context={"member": member},
    )
