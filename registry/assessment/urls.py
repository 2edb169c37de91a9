"""The assessment's pages, in the registry's namespace (registry:assessment_year …): registry/urls.py
adds them through Room.urls (branches.rooms.room_urlpatterns)."""

from django.urls import path

from registry.assessment import views

urlpatterns = [
    path("assessment/", views.assessment_index, name="assessment_index"),
    path("assessment/<int:year>/", views.assessment_year, name="assessment_year"),
    path("assessment/<int:year>/export/", views.assessment_export, name="assessment_export"),
    path("assessment/<int:year>/summary/", views.assessment_summary, name="assessment_summary"),
    path("assessment/<int:year>/scheme/", views.scheme_edit, name="assessment_scheme"),
    path("assessment/<int:year>/close/", views.assessment_close, name="assessment_close"),
    path("assessment/<int:year>/reopen/", views.assessment_reopen, name="assessment_reopen"),
    path("assessment/<int:year>/branches/<int:pk>/", views.branch_report, name="assessment_report"),
    path("assessment/<int:year>/branches/<int:pk>/score/", views.hand_score, name="assessment_hand_score"),
    path(
        "assessment/<int:year>/branches/<int:pk>/annual-report/",
        views.annual_report_upload,
        name="assessment_annual_report_upload",
    ),
    path(
        "assessment/<int:year>/branches/<int:pk>/annual-report/file/",
        views.annual_report_file,
        name="assessment_annual_report_file",
    ),
    path(
        "assessment/<int:year>/branches/<int:pk>/annual-report/grade/",
        views.annual_report_grade,
        name="assessment_annual_report_grade",
    ),
]
