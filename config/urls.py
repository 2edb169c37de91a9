from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views

# The administration speaks of the system by its one name (as the header and the titles do).
admin.site.site_header = _("Mobile party member registry: administration")
admin.site.site_title = _("Mobile party member registry")
admin.site.index_title = _("Administration")

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
