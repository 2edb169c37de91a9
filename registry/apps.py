from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Member registry")

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from registry.members import search_index

        post_migrate.connect(search_index.install, sender=self, dispatch_uid="registry.members.search_index")

        from branches.dates import apply_date_rules
        from registry.checkin.services import end_links_of_former_member
        from registry.models import Member

        post_save.connect(end_links_of_former_member, sender=Member, dispatch_uid="registry.checkin.end_links")

        # The dates of the party (joining it, becoming a full member, a candidate admitted) and of
        # what has happened (a birth, dues paid, a decision; a meeting's date is
        # checked by Gathering.clean already).
        apply_date_rules(
            self,
            party=("Member.joined", "Member.made_full", "Candidate.admitted", "Candidate.made_full"),
            happened=(
                "Member.birth_date",
                "Member.joined",
                "Member.made_full",
                "Candidate.applied",
                "Candidate.admitted",
                "DuesEntry.paid_on",
                "Discipline.date",
                "LostContactCase.lost_on",
            ),
        )
