"""The honours room's pages, in the registry's namespace (registry:honour_list …): registry/urls.py
adds them through Room.urls (branches.rooms.room_urlpatterns)."""

from django.urls import path

from registry.exports.prints import printable
from registry.honours import views

urlpatterns = [
    path("honours/", views.honour_list, name="honour_list"),
    path("honours/print/", printable(views.honour_list), name="honour_list_print"),
    path("honours/export/", views.honour_export, name="honour_export"),
    path("honours/new/", views.honour_create, name="honour_create"),
    path("honours/<int:pk>/", views.honour_detail, name="honour_detail"),
    path("honours/<int:pk>/edit/", views.honour_edit, name="honour_edit"),
    path("honours/<int:pk>/decide/", views.honour_decide, name="honour_decide"),
    path("representatives/", views.representative_list, name="representative_list"),
    path("representatives/export/", views.representative_export, name="representative_export"),
    path("representatives/new/", views.representative_create, name="representative_create"),
    path("representatives/<int:pk>/edit/", views.representative_edit, name="representative_edit"),
]
