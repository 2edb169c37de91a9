"""`manage.py grant_role USERNAME ROLE [--organization NAME] [--password PW] [--name 姓名] [--by USERNAME]`
and `manage.py grant_role USERNAME --revoke [--by USERNAME]`.

Creates the user if needed and gives them one of the four roles (replacing any earlier one),
through `branches.services.role_grant`; `--revoke` takes the role away through `role_revoke`.
The role's history names the user given with `--by` (nobody, by default) and the reason
"command line". Everything is checked before anything is written: a bad role, a missing or
unknown organization, an unknown `--by` user ends with a CommandError and leaves the database as
it was.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branches.models import Organization, RoleAssignment
from branches.services import COMMAND_LINE, role_grant, role_revoke

Role = RoleAssignment.Role


class Command(BaseCommand):
    help = (
        "Gives a user one of the roles admin, staff, secretary or reviewer, creating the user if needed. "
        "A secretary keeps one organization and everything below it: name it with --organization."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", help=("one of: admin, staff, secretary, reviewer (not with --revoke)"))
        parser.add_argument("--organization", help=("for a secretary: the exact name of the organization they keep"))
        parser.add_argument("--password", help=("set this password (otherwise it is left as it is)"))
        parser.add_argument("--name", help=("the person's full name, e.g. 林秀英 (shown instead of the user name)"))
        parser.add_argument("--revoke", action="store_true", help=("take the user's role away (the account stays)"))
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help=("the user recorded in the role's history as having made the change (default: nobody)"),
        )

    def handle(
        self, *args, username, role=None, organization=None, password=None, revoke=False, by=None, name=None, **options
    ):
        username = username.strip()
        try:
            get_user_model().username_validator(username)
        except ValidationError:
            raise CommandError(
                _("“%(username)s” cannot be a user name: use letters, digits and @ . + - _ only.")
                % {"username": username}
            ) from None
        if revoke:
            if role or organization or password:
                raise CommandError(
                    _(
                        "--revoke takes only the user name (and --by): leave out the role, --organization and "
                        "--password."
                    )
                )
            actor = self._actor(by)
            self._revoke(username, actor)
            return
        if not role:
            raise CommandError(
                _("Name the role to give: one of %(roles)s (or --revoke to take the role away).")
                % {"roles": ", ".join(Role.values)}
            )
        role = role.strip().lower()
        if role not in Role.values:
            raise CommandError(
                _("Unknown role “%(role)s”. The roles are: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        bound = self._organization(role, organization)
        actor = self._actor(by)

        try:
            user, created = role_grant(
                username=username,
                role=role,
                organization=bound,
                password=password or None,
                name=name,
                actor=actor,
                reason=COMMAND_LINE,
            )
        except ValidationError as error:  # the password validators: nothing was written
            raise CommandError(
                _("The password was refused: %(problems)s Choose another with --password.")
                % {"problems": " ".join(error.messages)}
            ) from None

        values = {"username": user.username, "role": Role(role).label, "organization": bound}
        if bound is not None:
            message = (
                _("Created user %(username)s as %(role)s of %(organization)s.")
                if created
                else _("Updated user %(username)s: now %(role)s of %(organization)s.")
            ) % values
        else:
            message = (
                _("Created user %(username)s as %(role)s.")
                if created
                else _("Updated user %(username)s: now %(role)s.")
            ) % values
        self.stdout.write(self.style.SUCCESS(message))
        if not user.has_usable_password():
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(username)s has no password yet and cannot log in: run this again with --password, "
                        "or use “manage.py changepassword %(username)s”."
                    )
                    % values
                )
            )

    def _revoke(self, username: str, actor) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user named “%(username)s”.") % {"username": username})
        if not RoleAssignment.objects.filter(user=user).exists() and not (user.is_staff or user.is_superuser):
            raise CommandError(_("%(username)s holds no role: there is nothing to revoke.") % {"username": username})
        role_revoke(user=user, actor=actor, reason=COMMAND_LINE)
        self.stdout.write(
            self.style.SUCCESS(
                _("Revoked the role of %(username)s: the account stays, and sees nothing.") % {"username": username}
            )
        )

    def _actor(self, username: str | None):
        """The user named with --by, recorded as having made the change; None for the command line."""
        username = (username or "").strip()
        if not username:
            return None
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise CommandError(_("There is no user named “%(username)s” to record with --by.") % {"username": username})
        return actor

    def _organization(self, role: str, name: str | None) -> Organization | None:
        """The organization a secretary keeps; the other roles see everything and keep none."""
        name = (name or "").strip()
        if role != Role.SECRETARY:
            if name:
                raise CommandError(
                    _(
                        "Only a secretary is bound to an organization; a %(role)s sees every organization. "
                        "Leave out --organization."
                    )
                    % {"role": Role(role).label}
                )
            return None
        if not name:
            raise CommandError(_("A secretary keeps one organization: name it with --organization “exact name”."))
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            raise CommandError(
                _("There is no organization named “%(name)s”. Give its exact name as shown on its page.")
                % {"name": name}
            )
        return organization
