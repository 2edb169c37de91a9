from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("organizations/new/", views.organization_edit, name="organization_create"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("chambers/new/", views.chamber_edit, name="chamber_create"),
    path("chambers/<int:pk>/edit/", views.chamber_edit, name="chamber_edit"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise_create"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("roles/", views.role_list, name="role_list"),
]
