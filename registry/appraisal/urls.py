"""The appraisal's pages, in the registry's namespace (registry:appraisal_list …): registry/urls.py adds
them through Room.urls (branches.rooms.room_urlpatterns)."""

from django.urls import path

from registry.appraisal import views

urlpatterns = [
    path("appraisal/", views.round_list, name="appraisal_list"),
    path("appraisal/new/", views.round_create, name="appraisal_create"),
    path("appraisal/results/", views.result_list, name="appraisal_results"),
    path("appraisal/results/export/", views.result_export, name="appraisal_export"),
    path("appraisal/<int:pk>/", views.round_detail, name="appraisal_detail"),
    path("appraisal/<int:pk>/edit/", views.round_edit, name="appraisal_edit"),
    path("appraisal/<int:pk>/grade/", views.round_grade, name="appraisal_grade"),
]
