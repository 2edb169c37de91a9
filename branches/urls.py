from django.urls import path

from branches import views
from branches.inbox import urls as inbox_urls

app_name = "branches"

urlpatterns = [
    path("roles/", views.role_list, name="role_list"),
    path("roles/choose/", views.role_choose, name="role_choose"),
    path("roles/users/new/", views.user_create, name="user_create"),
    path("roles/users/<int:pk>/", views.user_detail, name="user_detail"),
    path("roles/users/<int:pk>/change/", views.user_update, name="user_update"),
    path("roles/users/<int:pk>/active/", views.user_active, name="user_active"),
    path("roles/users/<int:pk>/password/", views.user_password, name="user_password"),
    *inbox_urls.urlpatterns,
]
