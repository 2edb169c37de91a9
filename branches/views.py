"""Who may do what, as the committee office sees it: the roles held now and their history.

The pages of chambers, enterprises and organizations show member figures, so they live in
registry/organizations/ (branches knows nothing of members)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, accounts, selectors
from branches.filtering import page_of
from branches.form_views import form_view, saved
from branches.forms import PasswordResetForm, UserChangeForm, UserCreateForm
from branches.people import person_name


@require_GET
@access.committee_required
def role_list(request):
    """Who holds which role now, and every grant, change and revocation with who made it."""
    page = page_of(request, selectors.role_history_for(request.user))
    return render(
        request,
        "branches/role_list.html",
        {
            "assignments": selectors.role_assignments_for(request.user),
            "page": page,
            "changes": selectors.role_changes(page.object_list),
            "users": accounts.user_list(request.user, request.GET),
        },
    )


@require_POST
def role_choose(request):
    """Puts another of the person's own roles in force for the rest of the session (the switcher in
    the navigation); the home page follows, since the page they were on may be outside the new scope.
    Anything that is not one of their own roles is refused (404)."""
    if not access.choose(request.user, request.POST.get("assignment")):
        raise Http404
    assignment = access.assignment_of(request.user)
    request.session[access.SESSION_KEY] = assignment.pk
    messages.success(request, _("You are now working as %(role)s.") % {"role": assignment_label(assignment)})
    return redirect("home")


def assignment_label(assignment) -> str:
    """A role as the switcher names it: 党委工作人员 · 某某党委."""
    label = assignment.get_role_display()
    return f"{label} · {assignment.organization}" if assignment.organization_id else label


@require_http_methods(["GET", "POST"])
@access.committee_required
def user_create(request):
    roles = accounts.grantable_roles(request.user)
    form = UserCreateForm(request.POST or None, roles=roles, organizations=access.visible_organizations(request.user))
    return form_view(
        request,
        form,
        save=lambda: accounts.user_create(
            actor=request.user,
            username=form.cleaned_data["username"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password"],
            role=form.cleaned_data["role"],
            organization=form.cleaned_data["organization"],
        ),
        done=lambda user: saved(
            request,
            _("The login %(username)s for %(name)s was created.")
            % {"username": user.username, "name": person_name(user)},
            "branches:user_detail",
            pk=user.pk,
        ),
        template="branches/user_form.html",
    )


def _user_page(request, user, *, change_form=None, password_form=None):
    assignment = accounts.assignment_to_manage(request.user, user)
    return render(
        request,
        "branches/user_detail.html",
        {
            "person": user,
            "assignment": assignment,
            "may_manage": accounts.may_manage(request.user, user),
            "change_form": change_form
            or UserChangeForm(
                roles=accounts.grantable_roles(request.user),
                organizations=access.visible_organizations(request.user),
                initial={
                    "name": user.first_name,
                    "role": getattr(assignment, "role", ""),
                    "organization": getattr(assignment, "organization_id", None),
                },
            ),
            "password_form": password_form or PasswordResetForm(),
            "events": accounts.events_of(user),
        },
    )


@require_GET
@access.committee_required
def user_detail(request, pk):
    return _user_page(request, accounts.user_detail(request.user, pk))


@require_POST
@access.committee_required
def user_update(request, pk):
    user = accounts.user_to_change(request.user, pk)
    form = UserChangeForm(
        request.POST,
        roles=accounts.grantable_roles(request.user),
        organizations=access.visible_organizations(request.user),
    )
    return form_view(
        request,
        form,
        save=lambda: accounts.user_update(actor=request.user, user=user, **form.cleaned_data),
        done=lambda changed: saved(
            request, _("Changes saved.") if changed else _("Nothing was changed."), "branches:user_detail", pk=user.pk
        ),
        page=lambda form: _user_page(request, user, change_form=form),
    )


@require_POST
@access.committee_required
def user_active(request, pk):
    user = accounts.user_to_change(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        accounts.user_set_active(actor=request.user, user=user, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The login can be used again.") if active else _("The login is deactivated: it can no longer log in."),
        )
    return redirect("branches:user_detail", pk=user.pk)


@require_POST
@access.committee_required
def user_password(request, pk):
    user = accounts.user_to_change(request.user, pk)
    form = PasswordResetForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: accounts.user_reset_password(
            actor=request.user, user=user, password=form.cleaned_data["password"]
        ),
        done=lambda _reset: saved(
            request,
            _("The password was reset. Give it to %(name)s, who should change it after logging in.")
            % {"name": person_name(user)},
            "branches:user_detail",
            pk=user.pk,
        ),
        page=lambda form: _user_page(request, user, password_form=form),
    )
