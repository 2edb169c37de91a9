"""Every read of the service ledger (服务台账), already scoped to the user through `branches.access`."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from branches import access
from outreach import filtering
from outreach.cases.filters import CaseFilter
from outreach.models import ServiceCase

# --- the service ledger -------------------------------------------------------------------------


def cases_for(user) -> QuerySet[ServiceCase]:
    return (
        ServiceCase.objects.filter(access.organization_scope(user))
        .select_related("organization", "member", "enterprise")
        .order_by("-opened", "-pk")
    )


def case_list(user, params) -> tuple[CaseFilter, QuerySet[ServiceCase]]:
    """The ledger's cases, narrowed by state (`?state=open|closed`), kind and year opened."""
    return filtering.filtered(CaseFilter(filtering.without_page(params) or None, queryset=cases_for(user)))


def case_detail(user, pk) -> ServiceCase:
    """404 outside what the user sees."""
    return get_object_or_404(cases_for(user), pk=pk)


def case_to_change(user, pk) -> ServiceCase:
    """404 outside what the user sees; 403 where they see but may not change."""
    case = case_detail(user, pk)
    if not access.may_change_organization(user, case.organization):
        raise PermissionDenied
    return case


def case_totals(user) -> list[dict]:
    """Per year (of opening), per kind: cases, closed, resolved, yuan recovered or saved, person-times
    served; and the year's figures in the articles' shape (disputes settled, yuan, person-times).
    One grouped query."""
    rows = (
        ServiceCase.objects.filter(access.organization_scope(user))
        .annotate(year=ExtractYear("opened"))
        .values("year", "kind")
        .annotate(
            cases=Count("pk"),
            closed_count=Count("pk", filter=Q(closed__isnull=False)),
            resolved=Count("pk", filter=Q(outcome=ServiceCase.Outcome.RESOLVED)),
            amount_total=Sum("amount"),
            people=Sum("people_served"),
        )
        .order_by("-year", "kind")
    )
    labels = dict(ServiceCase.Kind.choices)
    years: dict[int, dict] = {}
    for row in rows:
        year = years.setdefault(
            row["year"],
            {
                "year": row["year"],
                "kinds": [],
                "cases": 0,
                "closed": 0,
                "open": 0,
                "resolved": 0,
                "disputes_settled": 0,
                "amount": Decimal("0"),
                "people": 0,
            },
        )
        entry = {
            "kind": row["kind"],
            "label": labels.get(row["kind"], row["kind"]),
            "cases": row["cases"],
            "closed": row["closed_count"],
            "open": row["cases"] - row["closed_count"],
            "resolved": row["resolved"],
            "amount": row["amount_total"] or Decimal("0"),
            "people": row["people"] or 0,
        }
        year["kinds"].append(entry)
        for key in ("cases", "closed", "open", "resolved", "amount", "people"):
            year[key] += entry[key]
        if row["kind"] in ServiceCase.DISPUTE_KINDS:
            year["disputes_settled"] += entry["resolved"]
    order = [value for value, _label in ServiceCase.Kind.choices]
    for year in years.values():
        year["kinds"].sort(key=lambda entry: order.index(entry["kind"]) if entry["kind"] in order else len(order))
    return [years[key] for key in sorted(years, reverse=True)]


def open_cases(user) -> QuerySet[ServiceCase]:
    return ServiceCase.objects.filter(access.organization_scope(user), closed__isnull=True)
