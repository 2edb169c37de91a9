"""The pages of sending back, in the registry's namespace (registry/urls.py adds them through Room.urls)."""

from django.urls import path

from registry.sendbacks import views

urlpatterns = [
    path("inbox/sent-back/", views.send_back_list, name="send_back_list"),
    path("inbox/sent-back/export/", views.send_back_export, name="send_back_export"),
    path("sent-back/new/<slug:kind>/<int:pk>/", views.send_back_new, name="send_back_new"),
    path("sent-back/<int:pk>/answer/", views.send_back_answer, name="send_back_answer"),
]
