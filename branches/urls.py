from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
]
