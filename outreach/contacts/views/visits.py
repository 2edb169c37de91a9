"""Six must-visits (六必访): occasions on the to-do list, visits, counts per occasion per quarter;
committee visits to branches and their branches × quarters grid."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import access
from outreach.contacts import selectors, services
from outreach.contacts.forms import BranchVisitForm, OccasionForm, VisitForm
from outreach.contacts.quarters import Quarter
from outreach.contacts.views.common import add_service_errors, changeable_member, next_url, page_of, year_from
from outreach.models import Occasion, Visit, VisitOccasion


def _quarter_filter(request) -> Quarter | None:
    """?quarter=2026-4 → that quarter (an invalid value is ignored)."""
    value = request.GET.get("quarter", "")
    try:
        year, number = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    return Quarter(year, number) if 2000 <= year <= 2100 and 1 <= number <= 4 else None


def visit_overview(request):
    """The to-do list (occasions awaiting a visit), the counts per occasion per quarter, the visits."""
    year = year_from(request)
    quarter = _quarter_filter(request)
    visits = selectors.visits_for(request.user)
    if quarter:
        visits = visits.filter(date__gte=quarter.first_day, date__lte=quarter.last_day)
    kind = request.GET.get("kind", "")
    if kind in VisitOccasion.values:
        visits = visits.filter(kind=kind)
    return render(request, "outreach/contacts/visits.html", {
        "year": year,
        "quarter": quarter,
        "kind": kind,
        "todo": selectors.open_occasions(request.user)[:200],
        "todo_count": selectors.open_occasions(request.user).count(),
        "counts": selectors.visit_counts(request.user, year),
        "quarters": [Quarter(year, n) for n in range(1, 5)],
        "page": page_of(request, visits),
        "may_change": access.may_change_anything(request.user),
    })


@require_http_methods(["GET", "POST"])
def occasion_create(request, pk):
    """Records an occasion that calls for a visit; it goes on the branch's to-do list."""
    member = changeable_member(request, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = OccasionForm(request.POST, instance=Occasion(member=member))
        if form.is_valid():
            try:
                services.occasion_create(
                    member=member, data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Recorded: a visit to %(name)s is now on the to-do list.") % {"name": member.name})
                return redirect(back)
    else:
        form = OccasionForm(instance=Occasion(member=member), initial={"date": selectors.today()})
    return render(request, "outreach/contacts/occasion_form.html", {"form": form, "member": member, "next": back})


@require_http_methods(["GET", "POST"])
def visit_create(request, pk):
    """Records a visit; answering an occasion takes it off the to-do list."""
    member = changeable_member(request, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = VisitForm(request.POST, instance=Visit(member=member), member=member)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.Meta.fields}
            try:
                services.visit_create(member=member, data=data, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Visit to %(name)s recorded.") % {"name": member.name})
                return redirect(back)
    else:
        initial = {"date": selectors.today()}
        occasion = request.GET.get("occasion", "")
        if occasion.isdigit():
            initial["occasion"] = occasion
        form = VisitForm(instance=Visit(member=member), member=member, initial=initial)
    return render(request, "outreach/contacts/visit_form.html", {"form": form, "member": member, "next": back})


def branch_visit_grid(request):
    """Branches × quarters: committee visits per cell, marked where a quarter that has begun had none."""
    year = year_from(request)
    return render(request, "outreach/contacts/branch_visits.html", {
        "grid": selectors.branch_visit_grid(request.user, year),
        "year": year,
        "page": page_of(request, selectors.branch_visits_for(request.user).filter(date__year=year)),
        "may_record": access.is_committee(request.user),
    })


@require_http_methods(["GET", "POST"])
def branch_visit_create(request):
    """A committee member's visit to a branch: recorded by the committee office only."""
    if not access.is_committee(request.user):
        raise PermissionDenied
    if request.method == "POST":
        organization_id = request.POST.get("organization", "")
        if organization_id and not (organization_id.isdigit() and selectors.visited_organizations(request.user).filter(pk=organization_id).exists()):
            raise Http404
        form = BranchVisitForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                visit = services.branch_visit_create(data={f: form.cleaned_data[f] for f in form.Meta.fields}, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Visit to %(organization)s recorded.") % {"organization": visit.organization})
                return redirect(f"{reverse('outreach:branch_visit_grid')}?year={visit.date.year}")
    else:
        form = BranchVisitForm(user=request.user, initial={
            "date": selectors.today(), "organization": request.GET.get("organization") or None,
        })
    return render(request, "outreach/contacts/branch_visit_form.html", {"form": form})
