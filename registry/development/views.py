"""Development pages: the candidate list, a candidate's path with the steps their stage allows, the
printable public notice, and the work lists. Thin: reads through the selectors (a guessed URL out
of scope is a 404), each step one service call (POST only), refusals shown on the form."""

import copy

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.development import exports, rules, selectors, services, worklists
from registry.development.forms import CandidateEditForm, CandidateForm
from registry.development.steps import STEPS, available_forms, step_form
from registry.members import selectors as member_selectors
from registry.members.history import history_entries
from registry.models import Stage


@require_GET
def candidate_list(request):
    candidate_filter, candidates = selectors.filtered_candidates(request.user, request.GET)
    page = page_of(request, candidates)
    return render(
        request,
        "registry/development/candidate_list.html",
        {
            "filter": candidate_filter,
            "page": page,
            "may_add": access.may_change_anything(request.user),
            "query": request.GET.urlencode(),
            "tabs": worklists.tabs(request.user, clock.today()),
        },
    )


@require_GET
def candidate_export(request):
    """The candidate list as the development ledger (发展党员工作台账), in the import's columns."""
    content, file_name, fallback = exports.candidate_workbook(request.user, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def candidate_create(request):
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = CandidateForm(request.POST, user=request.user)
    else:
        form = CandidateForm(
            user=request.user,
            initial={
                "organization": request.GET.get("organization"),
                "applied": clock.today(),
            },
        )
    return form_view(
        request,
        form,
        save=lambda: services.candidate_create(data=form.cleaned_data, actor=request.user),
        done=lambda candidate: saved(
            request,
            _("Applicant %(name)s added.") % {"name": candidate.name},
            "registry:candidate_detail",
            pk=candidate.pk,
        ),
        template="registry/development/candidate_form.html",
        context={"candidate": None},
    )


@require_http_methods(["GET", "POST"])
def candidate_edit(request, pk):
    candidate = selectors.candidate_to_change(request.user, pk)
    # The form validates a copy, so the service can still see what changed.
    form = CandidateEditForm(request.POST or None, instance=copy.copy(candidate))
    return form_view(
        request,
        form,
        save=lambda: services.candidate_update(
            candidate=candidate, data=form.cleaned_data, actor=request.user, version=form.read_version
        ),
        done=lambda _changed: saved(
            request,
            _("Changes to %(name)s saved.") % {"name": candidate.name},
            "registry:candidate_detail",
            pk=candidate.pk,
        ),
        template="registry/development/candidate_form.html",
        context={"candidate": candidate},
    )


def _detail(request, candidate, *, bound=None, status=200):
    may_change = access.may_change_organization(request.user, candidate.organization)
    # Introducers may be any member on the roster the user sees; the form accepts them by ID number.
    introducers = member_selectors.members_visible_to(request.user) if may_change else None
    return render(
        request,
        "registry/development/candidate_detail.html",
        {
            "candidate": candidate,
            "due": rules.due_next(candidate, clock.today()),
            "path": rules.path_of(candidate),
            "may_change": may_change,
            "steps": available_forms(candidate, request.user, bound=bound, introducers=introducers)
            if may_change
            else [],
            "suggested_introducers": (
                selectors.suggested_introducers(request.user, candidate)
                if may_change and candidate.stage == Stage.TARGET
                else []
            ),
            "open_step": bound[0] if bound else "",
            "history": history_entries(candidate, show_personal_data=access.sees_personal_data(request.user)),
            "notice_days": settings.REGISTRY_NOTICE_DAYS,
        },
        status=status,
    )


@require_GET
def candidate_detail(request, pk):
    return _detail(request, selectors.candidate_detail(request.user, pk))


@require_POST
def candidate_step(request, pk, step):
    candidate = selectors.candidate_to_change(request.user, pk)
    found = STEPS.get(step)
    if found is None or not found.available(candidate):
        raise Http404
    form = step_form(
        found, candidate, request.user, data=request.POST, introducers=member_selectors.members_visible_to(request.user)
    )
    return form_view(
        request,
        form,
        save=lambda: found.apply(candidate, form.cleaned_data, form, request.user),
        done=lambda _result: saved(request, found.done, "registry:candidate_detail", pk=candidate.pk),
        # Refused: the page again, with the form as sent and the sentence that says why.
        page=lambda form: _detail(request, selectors.candidate_detail(request.user, pk), bound=(found.name, form)),
    )


@require_GET
def notice_print(request, pk):
    """The notice as an A4 page to print and put on the board."""
    notice = selectors.notice_to_print(request.user, pk)
    return render(
        request,
        "registry/development/notice_print.html",
        {
            "notice": notice,
            "candidate": notice.candidate,
            "printed_at": timezone.localtime(),
        },
    )


@require_GET
def worklist(request, key):
    found = worklists.WORKLISTS.get(key)
    if found is None:
        raise Http404
    today = clock.today()
    page = page_of(request, worklists.sorted_worklist(found, request.user, today, request.GET))
    worklists.with_due_dates(page.object_list, key, today)
    return render(
        request,
        "registry/development/worklist.html",
        {
            "worklist": found,
            "page": page,
            "today": today,
            "tabs": worklists.tabs(request.user, today),
        },
    )
