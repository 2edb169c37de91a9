"""Check-in (报到确认) and arrival (流入报到): the two open pages, and the secretary's side —
making links and posters, the queues, the decisions (docs/checkin.md)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access
from branches.form_views import form_view
from registry.checkin import links, selectors, services
from registry.checkin.fields import label
from registry.checkin.forms import ArrivalForm, CheckinForm
from registry.checkin.openpages import log, open_page, refusal, remote_address
from registry.members.masking import mask_all_but_last_four
from registry.models import Decision

# --- open pages -------------------------------------------------------------------------------


@open_page
@require_http_methods(["GET", "POST"])
def checkin_open(request, token):
    link = selectors.link_to_open(token)
    if link is None:
        log.info("check-in link refused from %s", remote_address(request))
        return refusal(
            request,
            _(
                "This link cannot be used: it is not complete, has expired or was replaced by a newer one. "
                "Ask your branch secretary for a new link."
            ),
        )
    member = link.member
    form = CheckinForm(request.POST, member=member) if request.method == "POST" else CheckinForm(member=member)
    return form_view(
        request,
        form,
        save=lambda: services.submission_create(link=link, changes=form.changes(), address=remote_address(request)),
        done=lambda submission: render(request, "checkin/open_done.html", {"changed": bool(submission.changes)}),
        template="checkin/checkin_form.html",
        context={
            "name": member.name,
            "organization": member.organization.name,
            "masked_id": mask_all_but_last_four(member.id_number),
        },
    )


@open_page
@require_http_methods(["GET", "POST"])
def arrival_open(request, code):
    organization = selectors.organization_for_arrival(code)
    if organization is None:
        log.info("arrival address refused from %s", remote_address(request))
        return refusal(
            request, _("This address is not complete. Scan the code on the poster again, or ask the branch.")
        )
    form = ArrivalForm(request.POST) if request.method == "POST" else ArrivalForm()
    return form_view(
        request,
        form,
        save=lambda: services.arrival_submit(
            organization=organization, data=form.stored_data(), address=remote_address(request)
        ),
        done=lambda submission: render(
            request,
            "checkin/open_done.html",
            {"arrival": True},
        ),
        template="checkin/arrival_form.html",
        context={"organization": organization.name},
    )


# --- the secretary's side ---------------------------------------------------------------------


@require_POST
def checkin_link_create(request, pk):
    member = selectors.member_for_link(request.user, pk)
    path = services.link_create(member=member, actor=request.user)
    url = request.build_absolute_uri(path)
    return render(
        request,
        "checkin/link.html",
        {"member": member, "rows": [{"member": member, "url": url, "qr": links.qr_svg(url)}]},
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def checkin_links_bulk(request):
    """Staff make links for every member of an organization and those below it, to send at once."""
    if request.method == "POST":
        organization, members = selectors.members_for_links(request.user, request.POST.get("organization"))
        rows = []
        for member in members:
            url = request.build_absolute_uri(services.link_create(member=member, actor=request.user))
            rows.append({"member": member, "url": url, "qr": links.qr_svg(url, scale=3)})
        return render(request, "checkin/link.html", {"organization": organization, "rows": rows})
    return render(request, "checkin/links_bulk.html", {"organizations": access.changeable_organizations(request.user)})


@require_GET
@access.change_permission_required
def checkin_queue(request):
    return render(
        request,
        "checkin/queue.html",
        {
            **selectors.queues(request.user, request.GET),
            "decided": selectors.recent_decisions(request.user),
            "already_registered": selectors.arrivals_already_registered(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def checkin_decide(request, pk):
    submission = selectors.submission_to_decide(request.user, pk)
    if request.method == "POST":
        accepted = request.POST.getlist("accept") if request.POST.get("action") != "decline" else []
        try:
            changed = services.submission_decide(
                submission=submission,
                accepted=accepted,
                actor=request.user,
                address=remote_address(request),
                overwrite=request.POST.getlist("overwrite"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed:
                messages.success(
                    request,
                    _("Accepted: %(fields)s.")
                    % {"fields": "、".join(label(field) for field in submission.changes if field in accepted)},
                )
            else:
                messages.info(request, _("Declined: the record is unchanged."))
            return redirect("registry:checkin_queue")
    # What the record says now beside what it said when the member sent it (changed since: marked).
    now = services.changed_since(submission) if submission.state == Decision.PENDING else {}
    rows = [
        {"field": field, "label": label(field), **change, "changed_since": field in now, "now": now.get(field)}
        for field, change in submission.changes.items()
    ]
    return render(request, "checkin/decide.html", {"submission": submission, "rows": rows})


@require_GET
def arrival_poster(request, pk):
    organization = selectors.changeable_organization(request.user, pk)
    url = request.build_absolute_uri(links.arrival_path(organization.pk))
    return render(
        request, "checkin/poster.html", {"organization": organization, "url": url, "qr": links.qr_svg(url, scale=8)}
    )


@require_POST
def arrival_decide(request, pk):
    submission = selectors.arrival_to_decide(request.user, pk)
    accept = request.POST.get("action") == "accept"
    try:
        member = services.arrival_decide(
            submission=submission, accept=accept, actor=request.user, address=remote_address(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:checkin_queue")
    if member is not None:
        messages.success(request, _("%(name)s is on the roster.") % {"name": member.name})
        return redirect("registry:member_detail", pk=member.pk)
    messages.info(request, _("Registration declined."))
    return redirect("registry:checkin_queue")
