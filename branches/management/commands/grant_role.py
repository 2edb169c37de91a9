"""`manage.py grant_role USERNAME ROLE [--organization NAME] [--add] [--password PW] [--name 姓名] [--by USERNAME]`
and `manage.py grant_role USERNAME [ROLE [--organization NAME]] --revoke [--by USERNAME]`.

Creates the user if needed and gives them one of the four roles (replacing any earlier one; with
`--add`, besides those they hold), through `branches.services.role_grant`; `--revoke` takes the
roles away (only the one named, with a role) through `role_revoke`. A secretary's `--organization`
is the one they keep; staff's or a reviewer's, the committee they are bound to (none: everything).
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
        "A secretary keeps one organization and everything below it: name it with --organization. "
        "Staff and reviewers named with --organization see and change (reviewers: see) that committee only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", help=("one of: admin, staff, secretary, reviewer (not with --revoke)"))
        parser.add_argument(
            "--organization",
            help=(
                "for a secretary: the exact name of the organization they keep; for staff or a reviewer: of "
                "their committee (left out: every organization)"
            ),
        )
        parser.add_argument(
            "--add", action="store_true", help=("keep the roles the user holds and give this one besides")
        )
        parser.add_argument("--password", help=("set this password (otherwise it is left as it is)"))
        parser.add_argument("--name", help=("the person's full name, e.g. 林秀英 (shown instead of the user name)"))
        parser.add_argument(
            "--revoke",
            action="store_true",
            help=("take the user's roles away (the account stays); with a role, that one only"),
        )
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help=("the user recorded in the role's history as having made the change (default: nobody)"),
        )

    def handle(
        self,
        *args,
        username,
        role=None,
        organization=None,
        password=None,
        revoke=False,
        by=None,
        name=None,
        add=False,
        **options,
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
            if password or add or (organization and not role):
                raise CommandError(
                    _(
                        "--revoke takes only the user name (and --by): leave out the role, --organization and "
                        "--password."
                    )
                )
            if role:
                self._revoke_one(username, self._role(role), organization, self._actor(by))
                return
            actor = self._actor(by)
            self._revoke(username, actor)
            return
        if not role:
            raise CommandError(
                _("Name the role to give: one of %(roles)s (or --revoke to take the role away).")
                % {"roles": ", ".join(Role.values)}
            )
        role = self._role(role)
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
                add=add,
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

    def _role(self, role: str) -> str:
        role = role.strip().lower()
        if role not in Role.values:
            raise CommandError(
                _("Unknown role “%(role)s”. The roles are: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        return role

    def _revoke_one(self, username: str, role: str, organization: str | None, actor) -> None:
        """Takes one of the user's roles away (the one bound to --organization, or to none), keeping the others."""
        name = (organization or "").strip()
        held = RoleAssignment.objects.filter(user__username=username, role=role)
        held = held.filter(organization__name=name) if name else held.filter(organization__isnull=True)
        assignment = held.select_related("user").first()
        if assignment is None:
            raise CommandError(
                _("%(username)s does not hold that role: there is nothing to revoke.") % {"username": username}
            )
        role_revoke(user=assignment.user, actor=actor, reason=COMMAND_LINE, assignment=assignment)
        self.stdout.write(self.style.SUCCESS(_("Revoked that role of %(username)s.") % {"username": username}))

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
        """The organization a secretary keeps, or the committee bounding staff or a reviewer (none:
        everything); an administrator sees everything and keeps none."""
        name = (name or "").strip()
        if role == Role.ADMIN:
            if name:
                raise CommandError(
                    _(
                        "Only a secretary is bound to an organization; a %(role)s sees every organization. "
                        "Leave out --organization."
                    )
                    % {"role": Role(role).label}
                )
            return None
        if not name and role != Role.SECRETARY:
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
