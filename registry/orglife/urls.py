"""The meeting pages, in the registry's namespace (branches.rooms.room_urlpatterns)."""

from django.urls import path

from registry.exports.prints import printable
from registry.orglife import views
from registry.orglife.compliance import urls as compliance_urls

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/print/", printable(views.meeting_list), name="meeting_list_print"),
    path("meetings/export/", views.meeting_export, name="meeting_export"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/attendance/import/", views.meeting_attendance_import, name="meeting_attendance_import"),
    path("meetings/<int:pk>/attendance/export/", views.meeting_attendance_export, name="meeting_attendance_export"),
    path("meetings/<int:pk>/attachments/", views.meeting_attachment_add, name="meeting_attachment_add"),
    path("meetings/<int:pk>/attachments/<int:attachment_pk>/", views.meeting_attachment, name="meeting_attachment"),
    path(
        "meetings/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.meeting_attachment_delete,
        name="meeting_attachment_delete",
    ),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting_pdf"),
]
# Compliance and participation: the grid, the organizations behind, the six-month list, exemptions.
urlpatterns += compliance_urls.urlpatterns
