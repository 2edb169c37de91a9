"""`manage.py seed_outreach_demo`: a year of contacts, visits, cases and activities for the demo
committee (outreach/contacts/demo.py, which loads the visits, cases and activities rooms' parts),
then its activity certificates, reverse issuance requests and last half year's liaison letters
(outreach/certificates/demo.py — after the activities, which the letters report). Run by
`seed_demo` after the registry's demo; idempotent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from outreach.certificates.demo import load_demo as load_certificates_demo
from outreach.contacts import demo
from registry.management.commands.seed_demo import as_of_from


class Command(BaseCommand):
    help = (
        "Adds a year of keeping in touch (contacts, visits, committee visits, service cases, activities) to the "
        "demo committee."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="The day the demo describes (as for seed_demo; default today)."
        )

    def handle(self, *args, as_of=None, **options):
        day = as_of_from(as_of)
        created = demo.load(day)
        if sum(created.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Keeping in touch: %(contacts)d contacts, %(visits)d visits, %(branch_visits)d "
                        "committee visits, %(cases)d service cases and %(activities)d activities created."
                    )
                    % {
                        "contacts": created["contacts"],
                        "visits": created["visits"],
                        "branch_visits": created["branch visits"],
                        "cases": created["service cases"],
                        "activities": created["activities"],
                    }
                )
            )
        else:
            self.stdout.write(_("Keeping in touch: the demo year is already present, nothing was created."))
        certificates = load_certificates_demo(day)
        if sum(certificates.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Certificates: %(certificates)d certificates, %(requests)d reverse issuance requests "
                        "and %(letters)d liaison letters created."
                    )
                    % {key: certificates[key] for key in ("certificates", "requests", "letters")}
                )
            )
