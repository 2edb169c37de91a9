"""Six must-visits (六必访): occasions on the to-do list, visits, counts per occasion per quarter;
committee visits to branches and their branches × quarters grid."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, clock
from branches.filtering import page_of, year_from
from branches.form_views import form_view, saved
from outreach import filtering
from outreach.models import Occasion, Visit
from outreach.redirects import next_url
from outreach.visits import selectors, services
from outreach.visits.forms import BranchVisitForm, OccasionForm, VisitForm
from outreach.visits.quarters import quarters_of
from registry.members.selectors import member_to_edit

OPEN_OCCASIONS_SHOWN = 200


@require_GET
def visit_overview(request):
    """The to-do list (occasions awaiting a visit), the counts per occasion per quarter, the visits."""
    year = year_from(request.GET, first=filtering.FIRST_YEAR, last=filtering.LAST_YEAR, request=request)
    visit_filter, visits = selectors.visit_list(request.user, request.GET)
    return render(
        request,
        "outreach/contacts/visits.html",
        {
            "filter": visit_filter,
            "year": year,
            "quarter": filtering.cleaned_value(visit_filter, "quarter"),
            "kind": request.GET.get("kind", ""),
            "todo": selectors.open_occasions(request.user)[:OPEN_OCCASIONS_SHOWN],
            "todo_count": selectors.open_occasions_count(request.user),
            "counts": selectors.visit_counts(request.user, year),
            "quarters": quarters_of(year),
            "page": page_of(request, visits),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def occasion_create(request, pk):
    """Records an occasion that calls for a visit; it goes on the branch's to-do list."""
    member = member_to_edit(request.user, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = OccasionForm(request.POST, instance=Occasion(member=member))
    else:
        form = OccasionForm(instance=Occasion(member=member), initial={"date": clock.today()})
    return form_view(
        request,
        form,
        save=lambda: services.occasion_create(
            member=member, data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user
        ),
        done=lambda _occasion: saved(
            request, _("Recorded: a visit to %(name)s is now on the to-do list.") % {"name": member.name}, back
        ),
        template="outreach/contacts/occasion_form.html",
        context={"member": member, "next": back},
    )


@require_http_methods(["GET", "POST"])
def visit_create(request, pk):
    """Records a visit; answering an occasion takes it off the to-do list."""
    member = member_to_edit(request.user, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = VisitForm(request.POST, instance=Visit(member=member), member=member)
    else:
        initial = {"date": clock.today()}
        occasion = filtering.id_from(request.GET.get("occasion"))
        if occasion is not None:
            initial["occasion"] = occasion
        form = VisitForm(instance=Visit(member=member), member=member, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.visit_create(
            member=member, data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user
        ),
        done=lambda _visit: saved(request, _("Visit to %(name)s recorded.") % {"name": member.name}, back),
        template="outreach/contacts/visit_form.html",
        context={"member": member, "next": back},
    )


@require_GET
def branch_visit_grid(request):
    """Branches × quarters: committee visits per cell, marked where a quarter that has begun had none."""
    year = year_from(request.GET, first=filtering.FIRST_YEAR, last=filtering.LAST_YEAR, request=request)
    return render(
        request,
        "outreach/contacts/branch_visits.html",
        {
            "grid": selectors.branch_visit_grid(request.user, year),
            "year": year,
            "page": page_of(request, selectors.branch_visits_in(request.user, year)),
            "may_record": access.is_committee(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def branch_visit_create(request):
    """A committee member's visit to a branch: recorded by the committee office only."""
    if request.method == "POST":
        organization = request.POST.get("organization", "")
        if organization and not selectors.is_visited_organization(request.user, organization):
            raise Http404
        form = BranchVisitForm(request.POST, user=request.user)
    else:
        form = BranchVisitForm(
            user=request.user,
            initial={
                "date": clock.today(),
                "organization": filtering.id_from(request.GET.get("organization")),
            },
        )
    return form_view(
        request,
        form,
        save=lambda: services.branch_visit_create(
            data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user
        ),
        done=lambda visit: saved(
            request,
            _("Visit to %(organization)s recorded.") % {"organization": visit.organization},
            f"{reverse('outreach:branch_visit_grid')}?year={visit.date.year}",
        ),
        template="outreach/contacts/branch_visit_form.html",
    )
