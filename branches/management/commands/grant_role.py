"""`manage.py grant_role USERNAME ROLE [--organization NAME] [--password PW]`.

Creates the user if needed and gives them one of the four roles (replacing any earlier one),
through `branches.services.role_grant`. Everything is checked before anything is written: a bad
role, a missing or unknown organization ends with a CommandError and leaves the database as it was.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branches.models import Organization, RoleAssignment
from branches.services import role_grant

Role = RoleAssignment.Role


class Command(BaseCommand):
    help = (
        "Gives a user one of the roles admin, staff, secretary or reviewer, creating the user if needed. "
        "A secretary keeps one organization and everything below it: name it with --organization."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=("one of: admin, staff, secretary, reviewer"))
        parser.add_argument(
            "--organization", help=("for a secretary: the exact name of the organization they keep")
        )
        parser.add_argument("--password", help=("set this password (otherwise it is left as it is)"))

    def handle(self, *args, username, role, organization=None, password=None, **options):
        username = username.strip()
        try:
            get_user_model().username_validator(username)
        except ValidationError:
            raise CommandError(
                _("“%(username)s” cannot be a user name: use letters, digits and @ . + - _ only.") % {"username": username}
            ) from None
        role = role.strip().lower()
        if role not in Role.values:
            raise CommandError(
                _("Unknown role “%(role)s”. The roles are: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
            )
        bound = self._organization(role, organization)

        user, created = role_grant(username=username, role=role, organization=bound, password=password or None)

        values = {"username": user.username, "role": Role(role).label, "organization": bound}
        if bound is not None:
            message = (_("Created user %(username)s as %(role)s of %(organization)s.") if created
                       else _("Updated user %(username)s: now %(role)s of %(organization)s.")) % values
        else:
            message = (_("Created user %(username)s as %(role)s.") if created
                       else _("Updated user %(username)s: now %(role)s.")) % values
        self.stdout.write(self.style.SUCCESS(message))
        if not user.has_usable_password():
            self.stdout.write(self.style.WARNING(
                _("%(username)s has no password yet and cannot log in: run this again with --password, "
                  "or use “manage.py changepassword %(username)s”.") % values
            ))

    def _organization(self, role: str, name: str | None) -> Organization | None:
        """The organization a secretary keeps; the other roles see everything and keep none."""
        name = (name or "").strip()
        if role != Role.SECRETARY:
            if name:
                raise CommandError(
                    _("Only a secretary is bound to an organization; a %(role)s sees every organization. "
                      "Leave out --organization.") % {"role": Role(role).label}
                )
            return None
        if not name:
            raise CommandError(
                _("A secretary keeps one organization: name it with --organization “exact name”.")
            )
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            raise CommandError(
                _("There is no organization named “%(name)s”. Give its exact name as shown on its page.") % {"name": name}
            )
        return organization
