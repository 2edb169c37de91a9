"""The annual statistics' pages, in the registry's namespace (registry:statistics …): registry/urls.py
adds them through Room.urls. `<scope>` is an organization's id or "all" (the whole registry), `<period>`
a year ("2026") or its first half ("2026h1"); a figure is named by ?table=T1&row=16&column=A."""

from django.urls import path

from registry.statistics import views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:scope>/<str:period>/workbook/", views.workbook, name="statistics_workbook"),
    path("statistics/<str:scope>/<str:period>/file/", views.file_report, name="statistics_file"),
    path("statistics/<str:scope>/<str:period>/reopen/", views.reopen_report, name="statistics_reopen"),
    path(
        "statistics/<str:scope>/<str:period>/cell/",
        views.cell,
        name="statistics_cell",
    ),
    path(
        "statistics/<str:scope>/<str:period>/cell/export/",
        views.cell_export,
        name="statistics_cell_export",
    ),
]
