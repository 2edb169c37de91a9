from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from branches.admin import ReadOnlyAdmin, ServiceAdmin, VersionedAdminForm
from registry.imports import declared as import_kinds
from registry.members import services
from registry.members.partial_dates import PartialDatesForm
from registry.models import (
    ArrivalSubmission,
    CheckinLink,
    CheckinSubmission,
    ExportLog,
    ImportRun,
    Member,
    Reconciliation,
)


class MemberAdminForm(PartialDatesForm, VersionedAdminForm):
    """The dates known to the day or the month as on the member form: shown and saved at their precision."""


@admin.register(Member)
class MemberAdmin(ServiceAdmin):
    form = MemberAdminForm
    create_service = staticmethod(services.member_create)
    update_service = staticmethod(lambda record, **kw: services.member_update(member=record, **kw))
    list_display = ["name", "id_number", "organization", "category", "status", "lost_contact", "left_on"]
    list_filter = ["category", "status", "lost_contact", "left_as"]
    search_fields = ["name", "id_number", "phone"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "enterprise"]

    def get_queryset(self, request):
        """Administrators find former members too (docs/lifecycle.md#former-members): the default
        manager is the roster."""
        return Member.all_members.select_related("organization")


class ExportKindFilter(admin.SimpleListFilter):
    """The kinds by their names (ExportLog.kind_label), not as stored."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = model_admin.get_queryset(request).order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, ExportLog(kind=kind).kind_label) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind_shown", "rows", "file_name"]
    fields = ["created_at", "user", "kind_shown", "filters", "rows", "file_name"]
    readonly_fields = fields

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, entry):
        return entry.kind_label

    list_filter = [ExportKindFilter, "created_at"]
    search_fields = ["user__username", "file_name"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"


class ImportKindFilter(ExportKindFilter):
    """The import kinds by their labels (registry/imports/kinds.py), not as stored."""

    def lookups(self, request, model_admin):
        kinds = model_admin.get_queryset(request).order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, import_kinds.label_for(kind)) for kind in kinds]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "source", "kind_shown", "file_name", "state", "dry_run"]
    list_filter = [ImportKindFilter, "state", "source", "dry_run"]
    search_fields = ["user__username", "file_name", "checksum"]
    list_select_related = ["user"]
    exclude = ["kind", "file", "error_workbook", "preview"]
    readonly_fields = ["kind_shown"]
    date_hierarchy = "created_at"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, run):
        return import_kinds.label_for(run.kind)


@admin.register(CheckinLink)
class CheckinLinkAdmin(ReadOnlyAdmin):
    """Links made (never the links themselves: only the token's hash is kept)."""

    list_display = ["member", "created_at", "created_by", "expires_at", "revoked_at"]
    list_select_related = ["member", "created_by"]
    exclude = ["token_hash"]
    search_fields = ["member__name", "member__id_number"]


@admin.register(CheckinSubmission)
class CheckinSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["member", "submitted_at", "submitted_from", "state", "decided_by", "decided_from"]
    list_filter = ["state"]
    list_select_related = ["member", "decided_by"]
    search_fields = ["member__name", "member__id_number", "submitted_from"]


@admin.register(ArrivalSubmission)
class ArrivalSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "submitted_at", "submitted_from", "state", "decided_by"]
    list_filter = ["state"]
    list_select_related = ["organization", "decided_by"]
    search_fields = ["name", "id_number", "submitted_from"]


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "mode", "home_organization", "file_name"]
    list_filter = ["mode"]
    list_select_related = ["user"]
    exclude = ["groups"]
