"""Movement pages: recording events from a member's page, transfers and their introduction letters,
former members, the register and the year's balance. Thin views over selectors and services."""

from django.http import Http404
from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import PDF, file_response
from branches.filtering import id_from, page_of, year_from
from branches.form_views import form_view, saved
from printing.pdf import render_pdf
from registry.exports.workbooks import log_export
from registry.members import masking
from registry.members.history import history_entries
from registry.models import Movement
from registry.movements import balance as balances
from registry.movements import exports, selectors, services
from registry.movements.forms import (
    BALANCE_FIRST_YEAR,
    CancelForm,
    MovementForm,
    ReceiptForm,
    former_event_kinds_for,
)

Kind = Movement.Kind


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def event_record(request, pk, kind):
    if kind not in Movement.RECORDED:
        raise Http404
    member = selectors.member_for_event(request.user, pk, kind)
    if request.method == "POST":
        form = MovementForm(request.POST, kind=kind, member=member, user=request.user)
    else:
        form = MovementForm(kind=kind, member=member, user=request.user)

    def done(movement):
        message = _("%(event)s recorded for %(name)s.") % {"event": movement.get_kind_display(), "name": member.name}
        if movement.kind == Kind.TRANSFER_OUT and not movement.is_branch_move:
            return saved(request, message, "registry:transfer_detail", pk=movement.pk)
        if movement.kind != Kind.RESTORED and (member.left_on is not None or movement.departed_on):
            return saved(request, message, "registry:former_member_detail", pk=member.pk)
        return saved(request, message, "registry:member_detail", pk=member.pk)

    return form_view(
        request,
        form,
        save=lambda: services.movement_record(member=member, event=form.event(), actor=request.user),
        done=done,
        template="registry/movements/event_form.html",
        context={"member": member, "kind": kind, "kind_label": Kind(kind).label},
    )


# --- transfers -----------------------------------------------------------------------------------


@require_GET
def transfer_list(request):
    today = clock.today()
    return render(
        request,
        "registry/movements/transfer_list.html",
        {
            **selectors.transfer_tables(request.user, request.GET),
            "today": today,
        },
    )


def _transfer_page(request, movement, *, may_change=True, receipt_form=None, cancel_form=None):
    """A transfer's page, with its receipt and cancel forms (one of them as sent, when refused)."""
    return render(
        request,
        "registry/movements/transfer_detail.html",
        {
            "movement": movement,
            "may_change": may_change,
            "today": clock.today(),
            "receipt_form": receipt_form or ReceiptForm(),
            "cancel_form": cancel_form or CancelForm(),
        },
    )


@require_GET
def transfer_detail(request, pk):
    movement = selectors.transfer_detail(request.user, pk)
    return _transfer_page(
        request, movement, may_change=access.may_change_organization(request.user, movement.organization)
    )


@require_GET
def transfer_letter_pdf(request, pk):
    movement = selectors.transfer_detail(request.user, pk)
    if movement.kind != Kind.TRANSFER_OUT or movement.is_branch_move:
        raise Http404
    content = render_pdf(
        "registry/movements/letter_pdf.html",
        {"movement": movement, "member": movement.member},
        request=request,
        mask=masking.paper_mask(request.user),
    )
    file_name = f"介绍信_{movement.letter_number}.pdf"
    log_export(
        user=request.user, kind="transfer_letter", filters={"transfer": movement.pk}, rows=1, file_name=file_name
    )
    return file_response(
        content, file_name, fallback=f"introduction-letter-{movement.letter_number}", content_type=PDF, inline=True
    )


@require_POST
def transfer_receipt(request, pk):
    movement = selectors.transfer_to_change(request.user, pk)
    form = ReceiptForm(request.POST)

    def done(_result):
        if movement.kind == Kind.TRANSFER_OUT:
            return saved(
                request,
                _("Receipt recorded: %(name)s has left the roster.") % {"name": movement.member.name},
                "registry:former_member_detail",
                pk=movement.member_id,
            )
        return saved(
            request,
            _("Our receipt to %(side)s recorded.") % {"side": movement.other_side},
            "registry:transfer_detail",
            pk=movement.pk,
        )

    return form_view(
        request,
        form,
        save=lambda: services.transfer_receipt_record(
            movement=movement, receipt_on=form.cleaned_data["receipt_on"], actor=request.user
        ),
        done=done,
        page=lambda form: _transfer_page(request, movement, receipt_form=form),
        status=400,
    )


@require_POST
def transfer_cancel(request, pk):
    movement = selectors.transfer_to_change(request.user, pk)
    form = CancelForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.transfer_letter_cancel(
            movement=movement, cancelled_on=form.cleaned_data["cancelled_on"], actor=request.user
        ),
        done=lambda _result: saved(
            request,
            _("Letter %(letter)s cancelled: %(name)s stays on the roster.")
            % {"letter": movement.letter_number, "name": movement.member.name},
            "registry:transfer_detail",
            pk=movement.pk,
        ),
        page=lambda form: _transfer_page(request, movement, cancel_form=form),
        status=400,
    )


# --- former members, the register ----------------------------------------------------------------


@require_GET
def former_member_list(request):
    member_filter, members = selectors.former_member_list(request.user, request.GET)
    page = page_of(request, members)
    return render(request, "registry/movements/former_list.html", {"filter": member_filter, "page": page})


@require_GET
def former_member_detail(request, pk):
    member = selectors.former_member_detail(request.user, pk)
    return render(
        request,
        "registry/movements/former_detail.html",
        {
            "member": member,
            "movements": selectors.movements_of(member),
            "history": history_entries(member, show_personal_data=access.sees_personal_data(request.user)),
            "may_change": access.may_change_organization(request.user, member.organization),
            "event_kinds": former_event_kinds_for(member),
        },
    )


@require_GET
def movement_list(request):
    movement_filter, movements = selectors.movement_list(request.user, request.GET)
    page = page_of(request, movements)
    return render(request, "registry/movements/movement_list.html", {"filter": movement_filter, "page": page})


@require_GET
def movement_export(request):
    _filter, movements = selectors.movement_list(request.user, request.GET)
    content, file_name, fallback = exports.movement_workbook(request.user, movements, request.GET)
    return file_response(content, file_name, fallback=fallback)


# --- the year's balance --------------------------------------------------------------------------


def balance_year(request, *, say: bool = True) -> int:
    """The year whose balance is asked for (`?year=`), from 1949 to this year; this year otherwise,
    which a page (`say`) tells the reader, a download just uses."""
    return year_from(request.GET, first=BALANCE_FIRST_YEAR, last=clock.today().year, request=request if say else None)


def _balance_shown(request, result: balances.Balance) -> dict:
    """What the page shows of one balance: its table (a page of its organizations, then the whole
    total), its columns' and tiles' captions."""
    page = page_of(request, result.rows)
    return {
        "balance": result,
        "page": page,
        "table": balances.table_rows(result, page.object_list),
        "captions": [  # escaped once here, not once per row (registry_tags.balance_rows)
            conditional_escape(exports.figure_caption(figure, kind, last_day=result.last_day, held=result.held))
            for figure, kind, _sum in balances.headers(result.held)
        ],
        "tile_captions": {
            figure: exports.figure_caption(figure, last_day=result.last_day, held=result.held)
            for figure in balances.FIGURES
        },
    }


@require_GET
def balance(request):
    """The year's two balances (docs/lifecycle.md#yearly-balance): the roster's, and where membership
    is held (self-managed members only), each adding up and each figure a link to its people."""
    year = balance_year(request)

    def figures():  # called inside the page's remembered part (branches/templatetags/remembering.py)
        roster, held = selectors.year_balances(request.user, year, people=False)
        return {**_balance_shown(request, roster), "held": _balance_shown(request, held)}

    return render(
        request,
        "registry/movements/balance.html",
        {"figures": figures, "year": year, "years": list(range(clock.today().year, clock.today().year - 10, -1))},
    )


@require_GET
def balance_export(request):
    year = balance_year(request, say=False)
    roster, held = selectors.year_balances(request.user, year, people=False)
    chosen = held if request.GET.get("balance") == "held" else roster
    content, file_name, fallback = exports.balance_workbook(request.user, chosen)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def balance_people(request):
    year = balance_year(request)
    organization = id_from(request.GET.get("organization"))
    if organization is None and request.GET.get("organization"):
        raise Http404
    figure, kind = request.GET.get("figure", ""), request.GET.get("kind", "")
    held = request.GET.get("balance") == "held"
    people = selectors.balance_people(
        request.user,
        year,
        figure=figure,
        kind=kind,
        organization_id=organization,
        params=request.GET,
        held=held,
    )
    page = page_of(request, people)
    return render(
        request,
        "registry/movements/balance_people.html",
        {
            "page": page,
            "year": year,
            "figure": figure,
            "kind": kind,
            "caption": exports.figure_caption(figure, kind, last_day=balances.last_day_of(year), held=held),
            "held": held,
        },
    )
