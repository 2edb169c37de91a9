"""Dues pages: thin views over the selectors (scope, reads) and the services (writes).
Data-changing views are POST-only or GET/POST forms; reviewers read, and get 403 on every write."""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of, year_from
from branches.form_views import form_view, saved
from branches.remembered import remembered
from registry.dues import approvals, selectors, services
from registry.dues import months as dues_months
from registry.dues import rules as dues_rules
from registry.dues.exports import ledger_workbook
from registry.dues.forms import (
    FIRST_YEAR,
    LAST_YEAR,
    BasisForm,
    MonthSheetForm,
    PaymentForm,
    PaysHereForm,
    ReductionForm,
    SheetChoiceForm,
    month_from,
)
from registry.dues.rates import farmer_monthly
from registry.exports import workbooks as exports
from registry.members import selectors as member_selectors

# --- figures and lists --------------------------------------------------------------------------


@require_GET
def dues_overview(request):
    year = year_from(request.GET, first=FIRST_YEAR, last=LAST_YEAR, request=request)
    user = request.user

    def figures():  # as of today, called inside the page's remembered part (branches/templatetags/remembering.py)
        organizations = remembered(
            "dues", user, lambda: selectors.dues_by_organization(user, year=year), year, alone=True
        )
        roots = [row for row in organizations if row.indent == 0]
        return {
            "page": page_of(request, organizations),  # the totals are the whole tree's, the rows a page's
            "total": {key: sum(row.subtree[key] for row in roots) for key in selectors.DUES_KEYS},
            "received": sum((row.received_subtree for row in roots), start=Decimal("0.00")),
        }

    return render(
        request,
        "registry/dues/overview.html",
        {"figures": figures, "year": year, "sheet_organizations": bool(access.may_change_anything(request.user))},
    )


def _unpaid_list(request, months: int, title: str, template_key: str):
    unpaid_filter, members = selectors.unpaid_members(request.user, request.GET, months=months)
    page = page_of(request, members)
    selectors.with_months_unpaid(page.object_list)
    return render(
        request,
        "registry/dues/unpaid_list.html",
        {
            "filter": unpaid_filter,
            "page": page,
            "months": months,
            "title": title,
            "list_key": template_key,
        },
    )


@require_GET
def dues_reminders(request):
    return _unpaid_list(
        request, dues_months.REMINDER_MONTHS, _("Dues: reminder list (3 or more months unpaid)"), "reminders"
    )


@require_GET
def dues_decide(request):
    return _unpaid_list(
        request, dues_months.DECIDE_MONTHS, _("Dues: for the branch to decide (6 or more months unpaid)"), "decide"
    )


# --- the month sheet ------------------------------------------------------------------------------


@require_GET
@access.change_permission_required
def dues_sheet_choose(request):
    form = SheetChoiceForm(
        request.GET or None,
        organizations=selectors.sheet_organizations(request.user),
        initial={"month": dues_months.format_month(clock.today())},
    )
    if form.is_bound and form.is_valid():
        url = reverse("registry:dues_sheet", args=[form.cleaned_data["organization"].pk])
        return redirect(f"{url}?month={dues_months.format_month(form.cleaned_data['month'])}")
    return render(request, "registry/dues/sheet_choose.html", {"form": form})


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def dues_sheet(request, pk):
    organization = selectors.organization_to_change(request.user, pk)
    month = month_from(request.GET) or dues_months.first_of(clock.today())
    rows = selectors.month_sheet(organization, month)
    elsewhere = list(selectors.paying_elsewhere_in(organization))
    form = MonthSheetForm(request.POST or None, rows=rows)

    def save():
        return services.month_sheet_save(
            organization=organization,
            month=month,
            lines=[services.SheetLine(member, amount, note) for member, amount, note in form.lines()],
            paid_on=form.cleaned_data["paid_on"],
            actor=request.user,
        )

    def done(counts):
        sheet_url = reverse("registry:dues_sheet", args=[organization.pk])
        return saved(
            request,
            _("Month sheet saved: %(new)d new, %(updated)d changed, %(unchanged)d unchanged.") % counts,
            f"{sheet_url}?month={dues_months.format_month(month)}",
        )

    return form_view(
        request,
        form,
        save=save,
        done=done,
        template="registry/dues/sheet.html",
        context={
            "organization": organization,
            "month": month,
            "rows": rows,
            "elsewhere": elsewhere,
            "previous_month": dues_months.format_month(dues_months.add(month, -1)),
            "next_month": dues_months.format_month(dues_months.add(month, 1)),
        },
    )


@require_GET
def dues_ledger_export(request, pk):
    organization = selectors.organization_to_see(request.user, pk)
    year = year_from(request.GET, first=FIRST_YEAR, last=LAST_YEAR)
    content, rows = ledger_workbook(
        organization=organization,
        year=year,
        rows=selectors.ledger_rows(organization, year),
        show_personal_data=access.sees_personal_data(request.user),
    )
    file_name = f"党费收缴台账_{organization.name}_{year}.xlsx"
    exports.log_export(
        user=request.user,
        kind="dues_ledger",
        filters={"organization": organization.pk, "year": year},
        rows=rows,
        file_name=file_name,
    )
    return file_response(content, file_name, fallback=f"dues-ledger-{organization.pk}-{year}")


# --- one member ------------------------------------------------------------------------------------


def _member_dues(member, year: int) -> str:
    """The dues section of the member's page, showing `year`."""
    return f"{reverse('registry:member_detail', args=[member.pk])}?dues_year={year}#member-dues"


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def dues_payment(request, pk):
    member = member_selectors.member_to_edit(request.user, pk)
    form = PaymentForm(
        request.POST or None,
        initial={
            "months": dues_months.format_month(clock.today()),
            "paid_on": clock.today(),
        },
    )

    def save():
        first, last = form.cleaned_data["months"]
        return services.payment_record(
            member=member,
            first_month=first,
            last_month=last,
            amount=form.cleaned_data["amount"],
            paid_on=form.cleaned_data["paid_on"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )

    def done(_payment):
        first, last = form.cleaned_data["months"]
        flagged = dues_rules.back_payment_warning(dues_months.between(first, last), form.cleaned_data["paid_on"])
        if flagged:
            messages.warning(request, flagged)
        return saved(
            request,
            _("Dues of %(name)s recorded for %(months)s.")
            % {"name": member.name, "months": dues_months.format_months(first, last)},
            _member_dues(member, first.year),
        )

    return form_view(
        request, form, save=save, done=done, template="registry/dues/payment_form.html", context={"member": member}
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def dues_basis(request, pk):
    member = member_selectors.member_to_edit(request.user, pk)
    form = BasisForm(request.POST or None, initial={"month": dues_months.format_month(clock.today())})
    return form_view(
        request,
        form,
        save=lambda: services.basis_save(member=member, actor=request.user, **form.cleaned_data),
        done=lambda _basis: saved(
            request,
            _("What %(name)s owes from %(month)s is saved.")
            % {"name": member.name, "month": dues_months.format_month(form.cleaned_data["month"])},
            _member_dues(member, form.cleaned_data["month"].year),
        ),
        template="registry/dues/basis_form.html",
        context={"member": member, "farmer_monthly": farmer_monthly()},
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def dues_reduction(request, pk):
    """少交 or 免交, approved by the higher committee."""
    member = member_selectors.member_to_edit(request.user, pk)
    form = ReductionForm(request.POST or None, initial={"months": dues_months.format_month(clock.today())})

    def save():
        first, last = form.cleaned_data["months"]
        data = {key: value for key, value in form.cleaned_data.items() if key != "months"}
        return approvals.reduction_record(member=member, first_month=first, last_month=last, actor=request.user, **data)

    return form_view(
        request,
        form,
        save=save,
        done=lambda reduction: saved(
            request,
            _("%(kind)s of %(name)s recorded for %(months)s.")
            % {
                "kind": reduction.get_kind_display(),
                "name": member.name,
                "months": dues_months.format_months(reduction.first_month, reduction.last_month),
            },
            _member_dues(member, reduction.first_month.year),
        ),
        template="registry/dues/reduction_form.html",
        context={"member": member},
    )


@require_POST
@access.change_permission_required
def dues_reduction_delete(request, pk):
    reduction = selectors.reduction_to_change(request.user, pk)
    member_id, month = reduction.member_id, reduction.first_month
    approvals.reduction_delete(reduction=reduction, actor=request.user)
    messages.success(request, _("The reduction or exemption was deleted."))
    return redirect(f"{reverse('registry:member_detail', args=[member_id])}?dues_year={month.year}#member-dues")


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def dues_pays_here(request, pk):
    """Who pays the member's dues: by the category, here, or elsewhere."""
    member = member_selectors.member_to_edit(request.user, pk)
    initial = {None: "", True: "yes", False: "no"}[member.pays_dues_here]
    form = PaysHereForm(request.POST or None, initial={"pays_dues_here": initial})
    return form_view(
        request,
        form,
        save=lambda: approvals.pays_here_set(member=member, value=form.value(), actor=request.user),
        done=lambda changed: saved(
            request,
            _("Who pays the dues of %(name)s is saved.") % {"name": member.name}
            if changed
            else _("Nothing was changed."),
            _member_dues(member, clock.today().year),
        ),
        template="registry/dues/pays_here_form.html",
        context={"member": member, "pays_here": dues_rules.member_pays_here(member)},
    )


@require_GET
def dues_back_payments(request):
    """Back payments of more than 6 months at once, paid in a year (一般不超过6个月)."""
    year = year_from(request.GET, first=FIRST_YEAR, last=LAST_YEAR, request=request)
    rows = selectors.back_payments(request.user, year=year)
    return render(
        request,
        "registry/dues/back_payments.html",
        {"rows": rows, "year": year, "limit": dues_rules.BACK_PAYMENT_MONTHS},
    )


@require_POST
@access.change_permission_required
def dues_entry_delete(request, pk):
    entry = selectors.entry_to_change(request.user, pk)
    member_id, month = entry.member_id, entry.month
    services.entry_delete(entry=entry, actor=request.user)
    messages.success(
        request, _("The dues entry for %(month)s was deleted.") % {"month": dues_months.format_month(month)}
    )
    return redirect(f"{reverse('registry:member_detail', args=[member_id])}?dues_year={month.year}#member-dues")
