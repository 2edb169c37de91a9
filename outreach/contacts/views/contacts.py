"""Designated contact persons, the contact log, the lost-touch list, lost contact (失联) and found again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import access
from outreach.contacts import selectors, services
from outreach.contacts.forms import ContactForm, DesignatedContactForm, LostContactForm
from outreach.contacts.views.common import (
    add_service_errors, changeable_member, next_url, page_of, require_change, require_may_change,
)


def _days(request) -> int:
    try:
        days = int(request.GET.get("days", ""))
    except ValueError:
        return selectors.lost_touch_days_default()
    return min(max(days, 1), selectors.MAX_LOST_TOUCH_DAYS)


def _organization(request):
    """The organization filter: one the user may see, or None (an unknown one shows nothing: 404)."""
    value = request.GET.get("organization", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(access.visible_organizations(request.user), pk=value)


def lost_touch(request):
    """The work list: members with no contact for more than N days (default 90) or never contacted,
    never-contacted first, then the longest silence first; scoped to the user's organizations."""
    days = _days(request)
    organization = _organization(request)
    members = selectors.lost_touch(request.user, days=days, organization=organization)
    return render(request, "outreach/contacts/lost_touch.html", {
        "page": page_of(request, members),
        "days": days,
        "default_days": selectors.lost_touch_days_default(),
        "organization": organization,
        "organizations": access.visible_organizations(request.user).order_by("path"),
        "may_change": access.may_change_anything(request.user),
    })


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    member = changeable_member(request, pk)
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if request.method == "POST":
        form = ContactForm(request.POST, instance=_blank_contact(member))
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.contact_create(member=member, data=data, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Contact with %(name)s recorded.") % {"name": member.name})
                return redirect(back)
    else:
        form = ContactForm(instance=_blank_contact(member), initial={
            "date": selectors.today(), "channel": "phone", "made_by": _who(request.user),
        })
    return render(request, "outreach/contacts/contact_form.html", {"form": form, "member": member, "next": back})


def _blank_contact(member):
    from outreach.models import Contact

    return Contact(member=member)


def _who(user) -> str:
    """The name the contact form proposes: the user's designated-contact name, else their full name."""
    person = user.designated_contact_roles.filter(active=True).only("name").first()
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()


@require_POST
def member_lost_contact(request, pk):
    """Marks a member as lost contact (失联) or found again; both go into the member's history."""
    member = changeable_member(request, pk)
    form = LostContactForm(request.POST)
    lost = request.POST.get("lost") == "1"
    back = next_url(request, reverse("registry:member_detail", args=[member.pk]))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect(back)
    try:
        changed = services.member_set_lost_contact(member=member, lost=lost, actor=request.user, note=form.cleaned_data["note"])
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
    form = None
    if access.may_change_anything(request.user):
        if request.method == "POST":
            organization_id = request.POST.get("organization", "")
            if organization_id and (not organization_id.isdigit() or not access.changeable_organizations(
                    request.user).filter(pk=organization_id).exists()):
                raise Http404
            form = DesignatedContactForm(request.POST, user=request.user)
            if form.is_valid():
                data = {name: form.cleaned_data[name] for name in form.Meta.fields}
                try:
                    person = services.designated_contact_create(data=data, actor=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("%(name)s is now a designated contact person of %(organization)s.")
                                     % {"name": person.name, "organization": person.organization})
                    return redirect("outreach:designated_contacts")
        else:
            form = DesignatedContactForm(user=request.user, initial={"since": selectors.today()})
    elif request.method == "POST":
        require_may_change(request)
    return render(request, "outreach/contacts/designated_contacts.html", {
        "page": page_of(request, selectors.designated_contacts_for(request.user)),
        "form": form,
    })


@require_POST
def designated_contact_end(request, pk):
    person = get_object_or_404(selectors.designated_contacts_for(request.user), pk=pk)
    require_change(request, person.organization_id)
    active = request.POST.get("active") == "1"
    services.designated_contact_update(person=person, data={"active": active}, actor=request.user)
    messages.success(request, _("Saved."))
    return redirect("outreach:designated_contacts")
