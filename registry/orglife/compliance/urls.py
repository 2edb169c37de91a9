"""The compliance and participation pages, in the registry's namespace (joined to the room's urls.py)."""

from django.urls import path

from registry.orglife.compliance import views

urlpatterns = [
    path("meetings/compliance/", views.compliance_grid, name="meeting_compliance"),
    path("meetings/compliance/export/", views.compliance_grid_export, name="meeting_compliance_export"),
    path("meetings/behind/", views.behind_list, name="meeting_behind"),
    path("meetings/behind/export/", views.behind_export, name="meeting_behind_export"),
    path("meetings/without-life/", views.without_life_list, name="meeting_without_life"),
    path("meetings/without-life/export/", views.without_life_export, name="meeting_without_life_export"),
    path("meetings/exemptions/", views.exemption_list, name="meeting_exemption_list"),
    path("meetings/exemptions/export/", views.exemption_export, name="meeting_exemption_export"),
    path("meetings/exemptions/new/", views.exemption_create, name="meeting_exemption_create"),
    path("meetings/exemptions/<int:pk>/withdraw/", views.exemption_withdraw, name="meeting_exemption_withdraw"),
]
