from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from outreach.contacts import sections as contact_sections

        contact_sections.register()  # issue 5: contact log, visits, participation, figures
