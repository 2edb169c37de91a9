"""Committee pages: thin views over the selectors (scope, reads) and the services (writes). The lists
are everyone's in their scope; recording an election, a post, its end, a postponement or an approval is
for the committee office and the organization's secretary — reviewers read, and get 403 on every write."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from registry.committees import exports, own_settings, rules, selectors, services
from registry.committees.forms import (
    ApprovalForm,
    ElectionForm,
    OwnSettingsForm,
    PostEndForm,
    PostForm,
    PostponementForm,
)
from registry.members.history import history_entries

# --- lists ----------------------------------------------------------------------------------------


@require_GET
def committee_list(request):
    committee_filter, rows = selectors.committee_list(request.user, request.GET)
    return render(
        request,
        "registry/committees/committee_list.html",
        {"filter": committee_filter, "page": page_of(request, rows)},
    )


@require_GET
def committee_export(request):
    _filter, rows = selectors.committee_list(request.user, request.GET)
    content, file_name, fallback = exports.committee_workbook(request.user, rows, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def post_list(request):
    post_filter, posts = selectors.membership_list(request.user, request.GET)
    return render(
        request, "registry/committees/post_list.html", {"filter": post_filter, "page": page_of(request, posts)}
    )


@require_GET
def post_export(request):
    _filter, posts = selectors.membership_list(request.user, request.GET)
    content, file_name, fallback = exports.membership_workbook(request.user, posts, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def election_list(request):
    election_filter, elections = selectors.election_list(request.user, request.GET)
    return render(
        request,
        "registry/committees/election_list.html",
        {"filter": election_filter, "page": page_of(request, elections), "today": clock.today()},
    )


@require_GET
def election_export(request):
    _filter, elections = selectors.election_list(request.user, request.GET)
    content, file_name, fallback = exports.election_workbook(request.user, elections, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def election_detail(request, pk):
    election = selectors.election_detail(request.user, pk)
    today = clock.today()
    return render(
        request,
        "registry/committees/election_detail.html",
        {
            "election": election,
            "state_label": rules.TERM_STATES.get(selectors.term_state_of(election, today), ""),
            "may_change": access.may_change_organization(request.user, election.organization),
            "approval_form": ApprovalForm(),
        },
    )


# --- writes ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def election_record(request, pk):
    organization = selectors.organization_to_change(request.user, pk)
    today = clock.today()
    form = ElectionForm(
        request.POST or None,
        organization=organization,
        eligible=selectors.eligible_members(request.user, organization),
        voters=selectors.voters_count(organization, today),
        next_number=selectors.next_term_number(organization),
    )

    def save():
        data = form.cleaned_data
        return services.election_record(
            organization=organization,
            data=services.ElectionData(
                number=data["number"],
                held_on=data["held_on"],
                term_years=data["term_years"],
                voters_expected=data["voters_expected"],
                voters_present=data["voters_present"],
                seats=data["seats"],
                candidates=data["candidates"],
                secretary=data["secretary"],
                deputy=data["deputy"],
                secretary_pool=data["secretary_pool"],
                secretary_approved_by=data["secretary_approved_by"],
                secretary_approved_on=data["secretary_approved_on"],
                notes=data["notes"],
            ),
            actor=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        done=lambda election: saved(
            request,
            _("The election of term %(number)d is recorded; the committee and its term are updated.")
            % {"number": election.number},
            "registry:organization_detail",
            pk=organization.pk,
        ),
        template="registry/committees/election_form.html",
        context={"organization": organization},
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def post_add(request, pk):
    organization = selectors.organization_to_change(request.user, pk)
    form = PostForm(request.POST or None, eligible=selectors.eligible_members(request.user, organization))

    def save():
        post, title = form.post_and_title()
        return services.post_create(
            organization=organization,
            data=services.PostData(
                member=form.cleaned_data["member"],
                post=post,
                post_title=title,
                started_on=form.cleaned_data["started_on"],
                secretary_pool=form.cleaned_data["secretary_pool"],
            ),
            actor=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        done=lambda post: saved(
            request,
            _("%(name)s is on the committee as %(post)s.") % {"name": post.member.name, "post": post.post_label},
            "registry:organization_detail",
            pk=organization.pk,
        ),
        template="registry/committees/post_form.html",
        context={"organization": organization},
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def post_end(request, pk):
    post = selectors.membership_to_change(request.user, pk)
    form = PostEndForm(request.POST or None)
    return form_view(
        request,
        form,
        save=lambda: services.post_end(post=post, ended_on=form.cleaned_data["ended_on"], actor=request.user),
        done=lambda changed: changes_saved(
            request,
            changed,
            _("%(name)s has left the committee.") % {"name": post.member.name},
            "registry:organization_detail",
            pk=post.organization_id,
        ),
        template="registry/committees/post_end.html",
        context={"post": post},
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def election_postpone(request, pk):
    election = selectors.election_to_change(request.user, pk)
    form = PostponementForm(request.POST or None)
    return form_view(
        request,
        form,
        save=lambda: services.postponement_record(election=election, actor=request.user, **form.cleaned_data),
        done=lambda postponement: saved(
            request,
            _("The term is postponed until %(day)s.") % {"day": postponement.until.isoformat()},
            "registry:organization_detail",
            pk=election.organization_id,
        ),
        template="registry/committees/postpone_form.html",
        context={"election": election, "limit": rules.postponement_limit(election.ends_on)},
    )


@require_http_methods(["POST"])
@access.change_permission_required
def election_approval(request, pk):
    election = selectors.election_to_change(request.user, pk)
    form = ApprovalForm(request.POST)

    def page(form):
        return render(
            request,
            "registry/committees/election_detail.html",
            {
                "election": election,
                "state_label": rules.TERM_STATES.get(selectors.term_state_of(election, clock.today()), ""),
                "may_change": True,
                "approval_form": form,
            },
        )

    return form_view(
        request,
        form,
        save=lambda: services.approval_record(
            election=election,
            approved_by=form.cleaned_data["secretary_approved_by"],
            approved_on=form.cleaned_data["secretary_approved_on"],
            actor=request.user,
        ),
        done=lambda changed: changes_saved(
            request,
            changed,
            _("The secretary's approval is recorded."),
            reverse("registry:election_detail", args=[election.pk]),
        ),
        page=page,
        status=400,
    )


# --- a committee's own frequencies and terms --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@access.committee_required
def own_settings_edit(request, pk):
    """The committee's own frequencies of meetings and terms (issue 27 §1), for its staff or those above."""
    organization = selectors.committee_to_set(request.user, pk)
    row = own_settings.settings_of(organization)
    form = OwnSettingsForm(request.POST or None, row=row)
    return form_view(
        request,
        form,
        save=lambda: services.own_settings_save(
            organization=organization, frequencies=form.frequencies(), term_years=form.term_years(), actor=request.user
        ),
        done=lambda changed: changes_saved(
            request,
            changed,
            _("The committee's own frequencies and terms are saved."),
            "registry:committee_own_settings",
            pk=organization.pk,
        ),
        template="registry/committees/own_settings_form.html",
        context={
            "organization": organization,
            "history": (
                history_entries(row, show_personal_data=access.sees_personal_data(request.user)) if row.pk else []
            ),
        },
    )
