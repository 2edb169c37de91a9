"""python manage.py checkin_link ID_NUMBER [--days N]

Makes a member's personal check-in link — the same link as the button on the member's page,
revoking the earlier one — and prints its path (docs/checkin.md#links)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.checkin import services
from registry.idnumbers import normalize_id_number
from registry.models import Member


class Command(BaseCommand):
    help = "Makes a member's check-in link and prints its path."

    def add_arguments(self, parser):
        parser.add_argument("id_number")
        parser.add_argument(
            "--days", type=int, default=None, help="valid for this many days (default REGISTRY_CHECKIN_DAYS)"
        )

    def handle(self, *args, **options):
        member = Member.objects.filter(id_number=normalize_id_number(options["id_number"])).first()
        if member is None:
            raise CommandError(
                _("No member on the roster has this ID number: check it, or find them among the former members.")
            )
        try:
            path = services.link_create(member=member, actor=None, days=options["days"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(path)
