from django.urls import path

from registry import organization_views, views

app_name = "registry"

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
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
