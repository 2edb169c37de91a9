"""The discipline room's pages (joined to the "registry" namespace by room_urlpatterns)."""

from django.urls import path

from registry.discipline import views
from registry.exports.prints import printable

urlpatterns = [
    path("discipline/", views.discipline_list, name="discipline_list"),
    path("discipline/print/", printable(views.discipline_list), name="discipline_list_print"),
    path("discipline/export/", views.discipline_export, name="discipline_export"),
    path("members/<int:pk>/discipline/new/", views.discipline_record, name="discipline_record"),
]
