from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Member registry")

    def ready(self):
        from registry.dues import sections as dues_sections

        dues_sections.register()  # the member's dues ledger, on the member's page
