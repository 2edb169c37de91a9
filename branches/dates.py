"""One rule for every date the registry keeps (issue 20 §7): no date before 1900 (a year 0001 or 0019
is a typing mistake), no party date before 1921 (the party was founded that year), and no date
after today for what has happened already (a 转正时间 of 2099, dues paid tomorrow).

Each app names its party dates and its dates of what has happened in its AppConfig.ready()
(`apply_date_rules`); every other date field of its models is held to the first rule. The rules are
the fields' validators, so that every write through the services (branches.services.validate_record)
and every model form checks them; they are added to the fields as defaults, not declared on them, so
that no migration carries them.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches import clock

FIRST_DAY = datetime.date(1900, 1, 1)
PARTY_FIRST_DAY = datetime.date(1921, 1, 1)


def validate_plausible_date(value) -> None:
    if value is not None and value < FIRST_DAY:
        raise ValidationError(
            _("%(value)s is before 1900: check the year.") % {"value": value.isoformat()}, code="date_too_early"
        )


def validate_party_date(value) -> None:
    if value is not None and FIRST_DAY <= value < PARTY_FIRST_DAY:  # before 1900: one message is enough
        raise ValidationError(
            _("%(value)s is before the party was founded (1921): check the year.") % {"value": value.isoformat()},
            code="party_date_too_early",
        )


def validate_happened(value) -> None:
    if value is not None and value > clock.today():
        raise ValidationError(
            _("%(value)s is after today: enter the day it happened (today at the latest).")
            % {"value": value.isoformat()},
            code="date_in_future",
        )


def is_date_field(field) -> bool:
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


def apply_date_rules(app_config, *, party: tuple[str, ...] = (), happened: tuple[str, ...] = ()) -> None:
    """Holds every date field of the app's models to the rules: not before 1900; the `party` ones
    ("Model.field") not before 1921; the `happened` ones not after today. A name that is no date
    field of the app is a mistake said at start-up."""
    found = set()
    for model in app_config.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.local_fields:
            if not is_date_field(field):
                continue
            name = f"{model.__name__}.{field.name}"
            rules = [validate_plausible_date]
            if name in party:
                rules.append(validate_party_date)
            if name in happened:
                rules.append(validate_happened)
            found.add(name)
            field.default_validators = [*type(field).default_validators, *rules]
            field.__dict__.pop("validators", None)  # a cached_property, read afresh with the rules
    unknown = (set(party) | set(happened)) - found
    if unknown:
        raise ImproperlyConfigured(f"No date field {', '.join(sorted(unknown))} in {app_config.label}")
