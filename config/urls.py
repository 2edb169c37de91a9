from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import help_pages, views

# The administration speaks of the system by its one name (as the header and the titles do).
admin.site.site_header = _("Mobile party member registry: administration")
admin.site.site_title = _("Mobile party member registry")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("help/<str:page>/", help_pages.help_page, name="help_page"),
    # Logging in and out and changing one's password; no password reset by mail: the committee office
    # resets passwords (/roles/, README), so Django's reset pages are not served.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
    path("", include("branches.urls")),
    path("", include("outreach.certificate_urls")),
    path("", include("outreach.urls")),
]
