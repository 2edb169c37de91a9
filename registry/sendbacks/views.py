"""Sending a record back (docs/inbox.md#sending-back): the committee's form on a record, the
secretary's answer, the committee's list of what is open."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from branches import access
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.sendbacks import exports, selectors, services
from registry.sendbacks.forms import AnswerForm, SendBackForm


@access.committee_required
def send_back_list(request):
    send_back_filter, rows = selectors.send_back_list(request.user, request.GET)
    return render(
        request,
        "registry/sendbacks/send_back_list.html",
        {"filter": send_back_filter, "page": page_of(request, rows)},
    )


@require_GET
@access.committee_required
def send_back_export(request):
    _filter, rows = selectors.send_back_list(request.user, request.GET)
    content, file_name, fallback = exports.send_back_workbook(request.user, rows, request.GET)
    return file_response(content, file_name, fallback=fallback)


@access.committee_required
def send_back_new(request, kind, pk):
    record = selectors.record_to_send_back(request.user, kind, pk)
    form = SendBackForm(request.POST or None)
    url = services.record_url(kind, record)
    return form_view(
        request,
        form,
        save=lambda: services.send_back(
            kind=kind, record=record, question=form.cleaned_data["question"], actor=request.user
        ),
        done=lambda _sent: saved(request, _("Sent back to the secretary with your question."), url),
        template="registry/sendbacks/send_back_form.html",
        context={"record": record, "record_name": services.record_name(kind, record), "record_url": url},
    )


@access.change_permission_required
def send_back_answer(request, pk):
    sent = selectors.send_back_to_answer(request.user, pk)
    form = AnswerForm(request.POST or None)
    url = services.record_url(sent.kind, sent.record)
    return form_view(
        request,
        form,
        save=lambda: services.answer(sent=sent, answer=form.cleaned_data["answer"], actor=request.user),
        done=lambda _sent: saved(request, _("Your answer is sent to the committee office."), url),
        template="registry/sendbacks/answer_form.html",
        context={"sent": sent, "record_name": services.record_name(sent.kind, sent.record), "record_url": url},
    )
