from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches import services
from branches.models import AccountEvent, Chamber, Enterprise, Organization, RoleAssignment
from branches.versions import VERSION_FIELD, StaleEdit, VersionedForm, check_version


class VersionedAdminForm(VersionedForm, forms.ModelForm):
    """The admin's change form carries the version it was read at, like the registry's own forms
    (branches.versions): saved over a record someone changed since, it is refused, naming what
    changed, and keeps what was typed; saving it again then is deliberate. The field is declared
    so that the admin's fieldsets include it (a hidden row)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.read_version:
            # The admin's change view runs in a transaction: the row stays locked until it saves.
            try:
                check_version(self.instance, self.read_version)
            except StaleEdit as stale:
                self.reread(stale.current_version)
                raise forms.ValidationError(stale.messages, code="stale") from None
        return cleaned


class ServiceAdmin(SimpleHistoryAdmin):
    """Admin saves go through the services, like every other write (history, derived fields), from
    a change form that refuses a stale save (VersionedAdminForm).

    Nothing is deleted here: the records an admin keeps keep history, and a record that keeps
    history ends through its own event, by the rules, with the history saying so — a member leaves
    the roster by a movement (docs/lifecycle.md#events), never by a row going away. So the admin
    offers no delete (no action, no button, the delete page refused) unless deleting *is* the
    record's event, done by a service that records it: `delete_service` (revoking a role)."""

    form = VersionedAdminForm

    create_service = None  # callable(*, data, actor) -> instance
    update_service = None  # callable(instance, *, data, actor)
    delete_service = None  # callable(instance, *, actor); None: not deleted from the admin

    def has_delete_permission(self, request, obj=None):
        return type(self).delete_service is not None and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        fields = [
            f for f in form.cleaned_data if f in {m.name for m in obj._meta.concrete_fields} and f != VERSION_FIELD
        ]
        if change:
            fresh = type(obj)._default_manager.get(pk=obj.pk)  # `obj` already carries the new values
            type(self).update_service(
                fresh, data={f: form.cleaned_data[f] for f in form.changed_data if f in fields}, actor=request.user
            )
        else:
            created = type(self).create_service(data={f: form.cleaned_data[f] for f in fields}, actor=request.user)
            obj.pk = created.pk
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        form.instance = type(form.instance)._default_manager.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        if type(self).delete_service is None:
            raise PermissionDenied
        type(self).delete_service(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        """The "delete selected" action: one service call per record, each with its history row."""
        if type(self).delete_service is None:
            raise PermissionDenied
        with transaction.atomic():
            for obj in queryset:
                type(self).delete_service(obj, actor=request.user)


@admin.register(Chamber)
class ChamberAdmin(ServiceAdmin):
    create_service = staticmethod(services.chamber_create)
    update_service = staticmethod(lambda record, **kw: services.chamber_update(chamber=record, **kw))
    list_display = ["name", "kind", "parent", "home_region", "supervising_department"]
    list_filter = ["kind"]
    search_fields = ["name", "home_region"]


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceAdmin):
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(lambda record, **kw: services.enterprise_update(enterprise=record, **kw))
    list_display = ["name", "credit_code", "chamber", "industry"]
    list_filter = ["chamber"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["chamber"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    create_service = staticmethod(services.organization_create)
    update_service = staticmethod(lambda record, **kw: services.organization_update(organization=record, **kw))
    list_display = ["name", "level", "parent", "chamber", "formation", "secretary_name"]
    list_filter = ["level", "formation"]
    search_fields = ["name", "secretary_name"]
    list_select_related = ["parent", "chamber"]
    filter_horizontal = ["host_enterprises"]
    readonly_fields = ["path"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdmin):
    """Granting, changing and revoking roles through the services, so the history names the admin."""

    create_service = staticmethod(
        lambda *, data, actor: services.role_assign(
            user=data["user"],
            role=data["role"],
            organization=data.get("organization"),
            actor=actor,
            add=True,
        )
    )
    update_service = staticmethod(
        lambda record, *, data, actor: services.role_assign(
            user=record.user,
            role=data.get("role", record.role),
            organization=data.get("organization", record.organization),
            actor=actor,
            assignment=record,
        )
    )
    delete_service = staticmethod(
        lambda record, *, actor: services.role_revoke(user=record.user, actor=actor, assignment=record)
    )
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]

    def get_readonly_fields(self, request, obj=None):
        # An assignment belongs to its user: give another user a role of their own instead.
        return ["user"] if obj is not None else []


# Logins in the administration as on the roles page: the person's name (one field, branches.people),
# no Django permissions or groups — who may do what is the role (RoleAssignment), not a permission.
User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


class NameForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        labels = {"first_name": _("Name")}


@admin.register(User)
class PersonAdmin(UserAdmin):
    form = NameForm
    list_display = ["username", "first_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "email")}),
        (_("State"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records: nobody adds, changes or deletes them, not even an administrator."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "actor", "detail"]
    list_filter = ["action"]
    list_select_related = ["user", "actor"]
