from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("branches.urls")),
    path("", include("outreach.certificate_urls")),
    path("", include("outreach.urls")),
]
