"""Which day the demo in this database describes (`seed_demo --as-of`), so that a demo loaded long
ago can say how old it is (`seed_demo --users-only`, run by `make run`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoSeed(models.Model):
    as_of = models.DateField(_("the day the demo describes"))
    seeded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")
        ordering = ["-seeded_at"]

    def __str__(self):
        return str(self.as_of)
