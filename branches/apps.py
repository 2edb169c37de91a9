from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Chambers and party organizations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from branches.sessions import start_clocks

        user_logged_in.connect(start_clocks, dispatch_uid="branches.sessions.start_clocks")

        from django.db.models.signals import post_migrate

        from branches.changes import install

        # The trigger that tells remembered figures a table changed, on every table (branches/changes.py).
        post_migrate.connect(install, sender=self, dispatch_uid="branches.changes.install")

        from branches.dates import apply_date_rules

        apply_date_rules(
            self,
            happened=("Chamber.established", "Enterprise.joined_chamber", "Organization.established"),
        )
