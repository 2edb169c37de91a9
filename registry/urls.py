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

# The committee's figures (issue 4): survey rounds and their reconciliation, the six-knowns work
# list, coverage and formation advice, the printable summary.
from registry import dashboard_views, worklist_views  # noqa: E402
from registry.surveys import views as survey_views  # noqa: E402

urlpatterns += [
    path("surveys/", survey_views.round_list, name="survey_list"),
    path("surveys/new/", survey_views.round_edit, name="survey_create"),
    path("surveys/template/", survey_views.count_template, name="survey_template"),
    path("surveys/<int:pk>/", survey_views.round_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_views.round_edit, name="survey_edit"),
    path("surveys/<int:pk>/count/", survey_views.count_edit, name="survey_count"),
    path("surveys/<int:pk>/import/", survey_views.count_import, name="survey_import"),
    path("surveys/<int:pk>/export/", survey_views.round_export, name="survey_export"),
    path("six-knowns/", worklist_views.six_knowns_overview, name="six_knowns"),
    path("six-knowns/worklist/", worklist_views.six_knowns_worklist, name="six_knowns_worklist"),
    path("six-knowns/worklist/export/", worklist_views.six_knowns_worklist_export, name="six_knowns_worklist_export"),
    path("coverage/", organization_views.coverage, name="coverage"),
    path("summary/", dashboard_views.summary, name="summary"),
    path("summary/export/", dashboard_views.summary_export, name="summary_export"),
]
