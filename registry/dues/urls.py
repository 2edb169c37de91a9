"""The dues pages added with issue 22 (Room.urls): in the registry's namespace, as registry:dues_reduction …
(the earlier dues pages are in registry/urls.py)."""

from django.urls import path

from registry.dues import views

urlpatterns = [
    path("dues/back-payments/", views.dues_back_payments, name="dues_back_payments"),
    path("dues/reductions/<int:pk>/delete/", views.dues_reduction_delete, name="dues_reduction_delete"),
    path("members/<int:pk>/dues/reduction/", views.dues_reduction, name="dues_reduction"),
    path("members/<int:pk>/dues/who-pays/", views.dues_pays_here, name="dues_pays_here"),
]
