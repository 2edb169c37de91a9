"""Designated contact persons, the contact log, the lost-touch list, lost contact (失联) and found again;
our members working elsewhere (流出党员): where they went, their activity certificate, the last
contact — and who has been out of touch for six months (docs/lifecycle.md#events)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.filtering import page_of
from branches.form_views import form_view, saved
from outreach.contacts import selectors, services
from outreach.contacts.forms import ContactForm, DesignatedContactForm, LostContactForm
from outreach.models import Contact
from outreach.redirects import next_url
from outreach.scope import organizations_to_filter
from registry.members.selectors import member_to_edit


@require_GET
def lost_touch(request):
    """The work list: members with no contact for more than N days (default 90) or never contacted,
    never-contacted first, then the longest silence first; scoped to the user's organizations."""
    lost_filter, members = selectors.lost_touch_list(request.user, request.GET)
    return render(
        request,
        "outreach/contacts/lost_touch.html",
        {
            "filter": lost_filter,
            "page": page_of(request, members),
            "days": lost_filter.days_shown,
            "default_days": selectors.lost_touch_days_default(),
            "organization": lost_filter.organization_shown,
            "organizations": organizations_to_filter(request.user),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    member = member_to_edit(request.user, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = ContactForm(request.POST, instance=Contact(member=member))
    else:
        form = ContactForm(
            instance=Contact(member=member),
            initial={
                "date": clock.today(),
                "channel": "phone",
                "made_by": selectors.contact_maker_name(request.user),
            },
        )
    return form_view(
        request,
        form,
        save=lambda: services.contact_create(
            member=member, data={name: form.cleaned_data[name] for name in form.Meta.fields}, actor=request.user
        ),
        done=lambda _contact: saved(request, _("Contact with %(name)s recorded.") % {"name": member.name}, back),
        template="outreach/contacts/contact_form.html",
        context={"member": member, "next": back},
    )


@require_POST
def member_lost_contact(request, pk):
    """Marks a member as lost contact (失联) or found again; both go into the member's history."""
    member = member_to_edit(request.user, pk)
    form = LostContactForm(request.POST)
    lost = request.POST.get("lost") == "1"
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(back)
    try:
        changed = services.member_set_lost_contact(
            member=member, lost=lost, actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if not changed:
        messages.info(request, _("Nothing was changed."))
    elif lost:
        messages.success(request, _("%(name)s is marked as lost contact.") % {"name": member.name})
    else:
        messages.success(request, _("%(name)s is marked as found again.") % {"name": member.name})
    return redirect(back)


@require_http_methods(["GET", "POST"])
def designated_contacts(request):
    """Each organization's designated contact persons; a form to name one more."""

    def page(form):
        return render(
            request,
            "outreach/contacts/designated_contacts.html",
            {"page": page_of(request, selectors.designated_contact_list(request.user, request.GET)), "form": form},
        )

    if not access.may_change_anything(request.user):
        if request.method == "POST":  # readers see the list, and change nothing
            raise PermissionDenied
        return page(None)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = DesignatedContactForm(request.POST, user=request.user)
    else:
        form = DesignatedContactForm(user=request.user, initial={"since": clock.today()})
    return form_view(
        request,
        form,
        save=lambda: services.designated_contact_create(
            data={name: form.cleaned_data[name] for name in form.Meta.fields}, actor=request.user
        ),
        done=lambda person: saved(
            request,
            _("%(name)s is now a designated contact person of %(organization)s.")
            % {"name": person.name, "organization": person.organization},
            "outreach:designated_contacts",
        ),
        page=page,
    )


@require_POST
def designated_contact_end(request, pk):
    person = selectors.designated_contact_to_change(request.user, pk)
    active = request.POST.get("active") == "1"
    services.designated_contact_update(person=person, data={"active": active}, actor=request.user)
    messages.success(request, _("Saved."))
    return redirect("outreach:designated_contacts")


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
