"""Liaison letters: the register, drafting a half year, reviewing and editing a draft, regenerating
it on request, marking it sent, and the PDFs (one letter, or a whole half year in one file)."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access
from outreach.certificates.forms import add_service_errors
from outreach.committee import committee_of_record
from outreach.letters import selectors, services
from outreach.letters.drafting import drafts_for, last_completed_half
from outreach.letters.forms import GenerateForm, LetterForm, RegenerateForm, SentForm
from outreach.models import LiaisonLetter
from outreach.pdf import pdf_response, render_pdf
from registry.members.history import history_entries


def _require_reader(user) -> None:
    if not access.sees_everything(user):
        raise PermissionDenied


def _require_staff(user) -> None:
    if not access.is_committee(user):
        raise PermissionDenied


@require_GET
def letter_list(request):
    _require_reader(request.user)
    letters = selectors.letter_list(request.user)
    year, half, state = request.GET.get("year", ""), request.GET.get("half", ""), request.GET.get("state", "")
    if year.isdigit():
        letters = letters.filter(year=int(year))
    if half in ("1", "2"):
        letters = letters.filter(half=int(half))
    if state in LiaisonLetter.State.values:
        letters = letters.filter(state=state)
    query = request.GET.get("q", "").strip()
    if query:
        letters = letters.filter(home_organization__icontains=query)
    page = Paginator(letters, 50).get_page(request.GET.get("page"))
    due_year, due_half = last_completed_half(timezone.localdate())
    return render(request, "outreach/letters/letter_list.html", {
        "page": page, "periods": selectors.periods(request.user),
        "generate_form": GenerateForm(initial={"year": due_year, "half": due_half}),
        "may_edit": access.is_committee(request.user),
        "states": LiaisonLetter.State.choices, "halves": LiaisonLetter.Half.choices,
    })


@require_POST
def letters_generate(request):
    _require_staff(request.user)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            result = services.letters_generate(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            created = len(result["created"])
            messages.success(request, ngettext(
                "%(created)s letter drafted; %(kept)s already there left unchanged.",
                "%(created)s letters drafted; %(kept)s already there left unchanged.", created,
            ) % {"created": created, "kept": result["kept"]})
        year, half = form.cleaned_data["year"], form.cleaned_data["half"]
        return redirect(f"{_list_url()}?year={year}&half={half}")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(_list_url())


def _list_url():
    from django.urls import reverse

    return reverse("letters:letter_list")


def _detail(request, letter, *, regenerate_form=None, sent_form=None):
    may_edit = access.is_committee(request.user) and not letter.is_sent
    stale = False
    if may_edit:
        draft = drafts_for(letter.year, letter.half, only=[letter.home_organization]).get(letter.home_organization)
        stale = draft is None or draft.fingerprint != letter.generated_fingerprint or draft.member_count != letter.member_count
    return render(request, "outreach/letters/letter_detail.html", {
        "letter": letter, "committee": letter.committee, "may_edit": may_edit, "stale": stale, "today": timezone.localdate(),
        "regenerate_form": regenerate_form or RegenerateForm(),
        "sent_form": sent_form or SentForm(initial={"sent_on": timezone.localdate()}),
        "history": history_entries(letter, show_personal_data=access.sees_personal_data(request.user)),
    })


def _letter(request, pk) -> LiaisonLetter:
    return get_object_or_404(selectors.letter_list(request.user), pk=pk)


@require_GET
def letter_detail(request, pk):
    return _detail(request, _letter(request, pk))


@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    letter = _letter(request, pk)
    _require_staff(request.user)
    if letter.is_sent:
        messages.error(request, _("This letter was sent: it is kept as it was sent and can no longer be changed."))
        return redirect("letters:letter_detail", pk=letter.pk)
    if request.method == "POST":
        form = LetterForm(request.POST, instance=copy.copy(letter))
        if form.is_valid():
            try:
                changed = services.letter_update(letter=letter, data=form.cleaned_data, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes to the letter saved.") if changed else _("Nothing was changed."))
                return redirect("letters:letter_detail", pk=letter.pk)
    else:
        form = LetterForm(instance=letter)
    return render(request, "outreach/letters/letter_form.html", {"form": form, "letter": letter})


@require_POST
def letter_regenerate(request, pk):
    letter = _letter(request, pk)
    _require_staff(request.user)
    form = RegenerateForm(request.POST)
    form.is_valid()
    try:
        changed = services.letter_regenerate(
            letter=copy.copy(letter), actor=request.user, replace_edits=form.cleaned_data.get("replace_edits", False)
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, letter, regenerate_form=form)
    messages.success(request, _("The draft was made again from the records.") if changed
                     else _("The draft was made again from the records: nothing in it changed."))
    return redirect("letters:letter_detail", pk=letter.pk)


@require_POST
def letter_sent(request, pk):
    letter = _letter(request, pk)
    _require_staff(request.user)
    form = SentForm(request.POST)
    if form.is_valid():
        try:
            services.letter_mark_sent(letter=copy.copy(letter), actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The letter to %(home)s is marked sent.") % {"home": letter.home_organization})
            return redirect("letters:letter_detail", pk=letter.pk)
    return _detail(request, letter, sent_form=form)


def _pdf_context(letters):
    return {"letters": letters, "committee": committee_of_record(), "today": timezone.localdate()}


@require_GET
def letter_pdf(request, pk):
    letter = _letter(request, pk)
    content = render_pdf("outreach/letters/letters_pdf.html", _pdf_context([letter]), request=request)
    return pdf_response(content, f"函告_{letter.year}_{letter.half}_{letter.home_organization}.pdf")


@require_GET
def letter_print(request, pk):
    """The letter as it prints, in the browser (the same template as the PDF)."""
    letter = _letter(request, pk)
    return render(request, "outreach/letters/letters_print.html", _pdf_context([letter]))


@require_GET
def period_pdf(request, year, half):
    """A half year's letters in one PDF, each starting on its own page."""
    _require_reader(request.user)
    if half not in (1, 2):
        raise Http404
    letters = list(selectors.period_letters(request.user, year, half))
    if not letters:
        raise Http404
    content = render_pdf("outreach/letters/letters_pdf.html", _pdf_context(letters), request=request)
    return pdf_response(content, f"函告_{year}_{half}.pdf", download=True)
