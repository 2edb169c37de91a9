"""Re-issuing an expired introduction letter (重新开具介绍信, docs/lifecycle.md#transfer-letters): a
receipt dated after a letter expired is refused until the letter is re-issued under a new number
with a new validity. Scoped like the other transfer actions: 404 outside the user's organizations,
403 for those who only see. A thin view over the selector and the service."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.form_views import form_view, saved
from registry.movements import selectors, services
from registry.movements.forms import ReissueForm


@require_http_methods(["GET", "POST"])
def transfer_reissue(request, pk):
    movement = selectors.transfer_to_change(request.user, pk)
    form = ReissueForm(request.POST) if request.method == "POST" else ReissueForm()
    old_number = movement.letter_number
    return form_view(
        request,
        form,
        save=lambda: services.transfer_letter_reissue(
            movement=movement,
            letter_number=form.cleaned_data["letter_number"],
            reissued_on=form.cleaned_data["reissued_on"],
            valid_days=form.cleaned_data["valid_days"],
            actor=request.user,
        ),
        done=lambda _result: saved(
            request,
            _("Letter %(old)s re-issued as %(new)s: its receipt can now be recorded.")
            % {"old": old_number, "new": form.cleaned_data["letter_number"].strip()},
            "registry:transfer_detail",
            pk=movement.pk,
        ),
        template="registry/movements/reissue_form.html",
        context={"movement": movement},
        status=400,
    )
