"""Our members working elsewhere (流出党员): where they went, their activity certificate, the last
contact — and who has been out of touch for six months (docs/lifecycle.md#events)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from outreach.contacts import selectors
from outreach.contacts.views.common import page_of


@require_GET
def flowed_out_list(request):
    return render(
        request,
        "outreach/contacts/flowed_out.html",
        {
            "page": page_of(request, selectors.flowed_out_list(request.user, request.GET)),
            "silence_days": selectors.FLOWED_OUT_SILENCE_DAYS,
        },
    )
