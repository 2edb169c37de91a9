from django.contrib import admin
from branches.admin import ServiceAdmin
from registry import services
from registry.models import Member


@admin.register(Member)
class MemberAdmin(ServiceAdmin):
    create_service = staticmethod(services.member_create)
    update_service = staticmethod(lambda record, **kw: services.member_update(member=record, **kw))
    list_display = ["name", "id_number", "organization", "category", "status", "lost_contact"]
    list_filter = ["category", "status", "lost_contact"]
    search_fields = ["name", "id_number", "phone"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "enterprise"]
