from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from outreach.certificates import sections as certificate_sections
        from outreach.contacts import sections as contact_sections

        contact_sections.register()  # contact log, visits, participation, figures
        certificate_sections.register()  # certificates, requests
