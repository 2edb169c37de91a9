"""Lost-contact pages: the cases (a list with its filter and export), a case with its searches and
the form to record one, and the two work lists. Thin views over selectors and services."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.lostcontact import exports, rules, selectors, services
from registry.lostcontact.forms import SearchForm
from registry.members.rules import held_here
from registry.models import Movement

WORKLISTS = ("suspend", "lapse")


@require_GET
def case_list(request):
    case_filter, cases = selectors.case_list(request.user, request.GET)
    page = page_of(request, cases)
    return render(request, "registry/lostcontact/case_list.html", {"filter": case_filter, "page": page})


@require_GET
def case_export(request):
    _filter, cases = selectors.case_list(request.user, request.GET)
    content, file_name, fallback = exports.case_workbook(request.user, cases, request.GET)
    return file_response(content, file_name, fallback=fallback)


def _case_page(request, case, form=None):
    return render(
        request,
        "registry/lostcontact/case_detail.html",
        {
            "case": case,
            "searches": selectors.searches_of(case),
            "may_change": access.may_change_organization(request.user, case.member.organization),
            "form": form or SearchForm(),
            "may_suspend_from": rules.may_suspend_from(case.lost_on),
            "held_here": held_here(case.member),
            "suspend_kind": Movement.Kind.SUSPENDED,
        },
    )


@require_GET
def case_detail(request, pk):
    return _case_page(request, selectors.case_detail(request.user, pk))


@require_POST
def search_add(request, pk):
    case = selectors.case_to_change(request.user, pk)
    form = SearchForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.search_add(case=case, actor=request.user, **form.cleaned_data),
        done=lambda _search: saved(request, _("Search recorded."), "registry:lost_contact_detail", pk=case.pk),
        page=lambda form: _case_page(request, case, form),
    )


@require_GET
def worklist(request, key):
    if key not in WORKLISTS:
        raise Http404
    today = clock.today()
    rows = selectors.to_suspend(request.user, today) if key == "suspend" else selectors.to_remove(request.user, today)
    return render(
        request,
        "registry/lostcontact/worklist.html",
        {"key": key, "page": page_of(request, rows), "today": today, "kinds": Movement.Kind},
    )
