"""Liaison letters: the register, drafting a half year, reviewing and editing a draft, regenerating
it on request, marking it sent, and the PDFs (one letter, or a whole half year in one file)."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock, storage
from branches.downloads import PDF, file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from outreach.committee import committee_of_record
from outreach.letters import batches, selectors, services
from outreach.letters.drafting import proposed_half
from outreach.letters.forms import GenerateForm, LetterForm, RegenerateForm, SentForm
from outreach.models import LiaisonLetter
from printing.pdf import render_pdf
from registry.exports.workbooks import log_export
from registry.members import masking
from registry.members.history import history_entries


@require_GET
@access.sees_everything_required
def letter_list(request):
    letter_filter, letters = selectors.letter_list(request.user, request.GET)
    page = page_of(request, letters)
    periods = selectors.periods(request.user)
    due_year, due_half = proposed_half(clock.today(), {(period["year"], period["half"]) for period in periods})
    return render(
        request,
        "outreach/letters/letter_list.html",
        {
            "filter": letter_filter,
            "page": page,
            "periods": periods,
            "generate_form": GenerateForm(initial={"year": due_year, "half": due_half}),
            "may_edit": access.is_committee(request.user),
            "states": LiaisonLetter.State.choices,
            "halves": LiaisonLetter.Half.choices,
        },
    )


@require_POST
@access.committee_required
def letters_generate(request):
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            result = services.letters_generate(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            created = len(result["created"])
            messages.success(
                request,
                ngettext(
                    "%(created)s letter drafted; %(kept)s already there left unchanged.",
                    "%(created)s letters drafted; %(kept)s already there left unchanged.",
                    created,
                )
                % {"created": created, "kept": result["kept"]},
            )
        year, half = form.cleaned_data["year"], form.cleaned_data["half"]
        return redirect(f"{_list_url()}?year={year}&half={half}")
    for _field, errors in form.errors.items():
        for error in errors:
            messages.error(request, error)
    return redirect(_list_url())


def _list_url():
    return reverse("letters:letter_list")


def _detail(request, letter, *, regenerate_form=None, sent_form=None):
    may_edit = access.is_committee(request.user) and not letter.is_sent
    stale = may_edit and selectors.letter_is_stale(letter)
    selectors.attach_reconciliations([letter])
    return render(
        request,
        "outreach/letters/letter_detail.html",
        {
            "letter": letter,
            "committee": letter.committee,
            "may_edit": may_edit,
            "stale": stale,
            "today": clock.today(),
            "regenerate_form": regenerate_form or RegenerateForm(),
            "sent_form": sent_form or SentForm(initial={"sent_on": clock.today()}),
            "history": history_entries(letter, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_GET
def letter_detail(request, pk):
    return _detail(request, selectors.letter_detail(request.user, pk))


@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    letter = selectors.letter_to_change(request.user, pk)
    if letter.is_sent:
        messages.error(request, _("This letter was sent: it is kept as it was sent and can no longer be changed."))
        return redirect("letters:letter_detail", pk=letter.pk)
    form = (
        LetterForm(request.POST, instance=copy.copy(letter))
        if request.method == "POST"
        else LetterForm(instance=letter)
    )
    return form_view(
        request,
        form,
        save=lambda: services.letter_update(
            letter=letter, data=form.cleaned_data, actor=request.user, version=form.read_version
        ),
        done=lambda changed: saved(
            request,
            _("Changes to the letter saved.") if changed else _("Nothing was changed."),
            "letters:letter_detail",
            pk=letter.pk,
        ),
        template="outreach/letters/letter_form.html",
        context={"letter": letter},
    )


@require_POST
def letter_regenerate(request, pk):
    letter = selectors.letter_to_change(request.user, pk)
    form = RegenerateForm(request.POST)  # one box to tick or not: always valid
    return form_view(
        request,
        form,
        save=lambda: services.letter_regenerate(
            letter=copy.copy(letter), actor=request.user, replace_edits=form.cleaned_data["replace_edits"]
        ),
        done=lambda changed: saved(
            request,
            _("The draft was made again from the records.")
            if changed
            else _("The draft was made again from the records: nothing in it changed."),
            "letters:letter_detail",
            pk=letter.pk,
        ),
        page=lambda form: _detail(request, letter, regenerate_form=form),
    )


@require_POST
def letter_sent(request, pk):
    letter = selectors.letter_to_change(request.user, pk)
    form = SentForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.letter_mark_sent(letter=copy.copy(letter), actor=request.user, **form.cleaned_data),
        done=lambda _sent: saved(
            request,
            _("The letter to %(home)s is marked sent.") % {"home": letter.home_organization},
            "letters:letter_detail",
            pk=letter.pk,
        ),
        page=lambda form: _detail(request, letter, sent_form=form),
    )


@require_POST
def letter_number(request, pk):
    letter = selectors.letter_to_change(request.user, pk)
    try:
        services.letter_number(letter=copy.copy(letter), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The letter was given a reference number."))
    return redirect("letters:letter_detail", pk=letter.pk)


def _pdf_context(letters):
    selectors.attach_reconciliations(letters)
    return {"letters": letters, "committee": committee_of_record(), "today": clock.today()}


@require_GET
def letter_pdf(request, pk):
    letter = selectors.letter_detail(request.user, pk)
    content = render_pdf(
        "outreach/letters/letters_pdf.html",
        _pdf_context([letter]),
        request=request,
        mask=masking.paper_mask(request.user),
    )
    file_name = f"函告_{letter.year}_{letter.half}_{letter.home_organization}.pdf"
    log_export(user=request.user, kind="letter", filters={"letter": letter.pk}, rows=1, file_name=file_name)
    number = letter.reference_number or f"id{letter.pk}"  # the serial of its reference (文号), once it has one
    return file_response(
        content, file_name, fallback=f"letter-{letter.year}-H{letter.half}-{number}", content_type=PDF, inline=True
    )


@require_GET
def letter_print(request, pk):
    """The letter as it prints, in the browser (the same template as the PDF): printed from there,
    it is a copy of the letter like the PDF, and logged like it."""
    letter = selectors.letter_detail(request.user, pk)
    log_export(
        user=request.user,
        kind="letter_print",
        filters={"letter": letter.pk},
        rows=1,
        file_name=f"函告_{letter.year}_{letter.half}_{letter.home_organization}",
    )
    return render(request, "outreach/letters/letters_print.html", _pdf_context([letter]))


@require_POST
@access.sees_everything_required
def period_pdf(request, year, half):
    """Starts printing a half year's letters into one PDF, each starting on its own page and
    numbering its own pages; the batch's page shows the progress and then the file."""
    batch = batches.batch_start(user=request.user, year=year, half=half)
    return redirect("letters:batch_detail", pk=batch.pk)


@require_GET
@access.sees_everything_required
def batch_detail(request, pk):
    batch = batches.batch_detail(request.user, pk)
    return render(request, "outreach/letters/batch_detail.html", {"batch": batch})


@require_GET
@access.sees_everything_required
def batch_download(request, pk):
    batch = batches.batch_file(request.user, pk)
    try:
        content = storage.read(batch.file)
    except FileNotFoundError:
        raise Http404 from None
    file_name = f"函告_{batch.year}_{batch.half}.pdf"
    log_export(
        user=request.user,
        kind="letters",
        filters={"year": batch.year, "half": batch.half},
        rows=batch.progress_total,
        file_name=file_name,
    )
    return file_response(content, file_name, fallback=f"letters-{batch.year}-H{batch.half}", content_type=PDF)
