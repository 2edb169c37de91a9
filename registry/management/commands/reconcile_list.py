"""python manage.py reconcile_list FILE [--home NAME] [--residents] [--user USERNAME] [--json]

Compares a home organization's list (or, with --residents, a residents' list) with the roster and
keeps the comparison, as the web page does (docs/checkin.md#reconciliation). --json prints
{"matched": n, "only_theirs": n, "only_ours": n, "conflicts": n, …}. Exit 2: the file cannot be read.
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.models import Reconciliation
from registry.reconcile import compare, services
from spreadsheets.errors import ImportRefused


class Command(BaseCommand):
    help = "Compares a home organization's list (or a residents' list) with the roster."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--home",
            default="",
            help="the home organization whose list this is (default: the list's 流出党组织 column)",
        )
        parser.add_argument(
            "--residents", action="store_true", help="a residents' list: our members not on it may have moved"
        )
        parser.add_argument("--user", metavar="USERNAME", help="keep the comparison in this user's name")
        parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    def handle(self, *args, **options):
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("There is no user named “%(name)s”.") % {"name": options["user"]})
        mode = Reconciliation.Mode.RESIDENTS if options["residents"] else Reconciliation.Mode.HOME
        try:
            comparison = compare.compare(options["file"], mode=mode, home_organization=options["home"])
        except ImportRefused as refusal:
            if options["json"]:
                self.stdout.write(json.dumps({"refused": refusal.code, "message": refusal.message}, ensure_ascii=False))
            self.stderr.write(refusal.message)
            sys.exit(2)
        reconciliation = services.reconciliation_keep(comparison=comparison, actor=actor)
        counts = {
            **comparison.counts,
            "reconciliation": reconciliation.pk,
            "home_organization": comparison.home_organization,
        }
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
        else:
            for key, value in counts.items():
                self.stdout.write(f"{key}: {value}")
