"""The action page (joined to the "registry" namespace by room_urlpatterns)."""

from django.urls import path

from registry.bulk import views

urlpatterns = [
    path("bulk/", views.bulk_action, name="bulk_action"),
]
