from django.urls import path

from registry import export_views, import_views, organization_views, views

app_name = "registry"

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/export/", export_views.member_export, name="member_export"),
    path("organizations/export/", export_views.organization_export, name="organization_export"),
    path("chambers/export/", export_views.chamber_export, name="chamber_export"),
    path("enterprises/export/", export_views.enterprise_export, name="enterprise_export"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/errors.xlsx", import_views.import_errors, name="import_errors"),
    path("imports/template/<str:kind>/", export_views.import_template, name="import_template"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("organizations/", organization_views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", organization_views.organization_detail, name="organization_detail"),
    path("chambers/", organization_views.chamber_list, name="chamber_list"),
    path("chambers/<int:pk>/", organization_views.chamber_detail, name="chamber_detail"),
    path("enterprises/", organization_views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", organization_views.enterprise_detail, name="enterprise_detail"),
]
