"""The lost-contact room's pages (joined to the "registry" namespace by room_urlpatterns)."""

from django.urls import path

from registry.exports.prints import printable
from registry.lostcontact import views

urlpatterns = [
    path("lost-contact/", views.case_list, name="lost_contact_list"),
    path("lost-contact/export/", views.case_export, name="lost_contact_export"),
    path("lost-contact/print/", printable(views.case_list), name="lost_contact_list_print"),
    path("lost-contact/due/<slug:key>/", views.worklist, name="lost_contact_worklist"),
    path("lost-contact/<int:pk>/", views.case_detail, name="lost_contact_detail"),
    path("lost-contact/<int:pk>/search/", views.search_add, name="lost_contact_search"),
]
