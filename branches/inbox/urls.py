"""The inbox's pages, in the branches namespace (branches/urls.py adds them)."""

from django.urls import path

from branches.inbox import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.all_read, name="inbox_all_read"),
    path("inbox/settings/", views.digest_settings, name="inbox_settings"),
    path("inbox/<int:pk>/read/", views.message_read, name="inbox_message_read"),
    path("inbox/due/<slug:key>/", views.reminder_read, name="inbox_reminder_read"),
]
