"""Re-issuing an expired introduction letter (重新开具介绍信, docs/lifecycle.md#transfer-letters): a
receipt dated after a letter expired is refused until the letter is re-issued under a new number
with a new validity. Scoped like the other transfer actions: 404 outside the user's organizations,
403 for those who only see. A thin view over the selector and the service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.refusals import show_refusal
from registry.movements import selectors, services
from registry.movements.forms import ReissueForm


@require_http_methods(["GET", "POST"])
def transfer_reissue(request, pk):
    movement = selectors.transfer_to_change(request.user, pk)
    status = 200
    if request.method == "POST":
        form = ReissueForm(request.POST)
        if form.is_valid():
            old_number = movement.letter_number
            try:
                services.transfer_letter_reissue(
                    movement=movement,
                    letter_number=form.cleaned_data["letter_number"],
                    reissued_on=form.cleaned_data["reissued_on"],
                    valid_days=form.cleaned_data["valid_days"],
                    actor=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("Letter %(old)s re-issued as %(new)s: its receipt can now be recorded.")
                    % {
                        "old": old_number,
                        "new": form.cleaned_data["letter_number"].strip(),
                    },
                )
                return redirect("registry:transfer_detail", pk=movement.pk)
        status = 400
    else:
        form = ReissueForm()
    return render(request, "registry/movements/reissue_form.html", {"form": form, "movement": movement}, status=status)
