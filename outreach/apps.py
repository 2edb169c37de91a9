from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from branches.dates import apply_date_rules

        # Not before 1900; the dates of what has happened (a contact, a visit, a case opened, a
        # certificate issued, a letter sent) are held to today by the models' clean() already.
        apply_date_rules(self)
