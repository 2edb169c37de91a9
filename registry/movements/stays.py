"""The stays' queries of the balances (registry/movements/balance.py): the plain stays counted by group
in SQL, and the roster read straight from the cursor. At 100,000 members a Python object, or
Django's converters, per member cost more than the page may take."""

import datetime

from django.db import connection
from django.db.models import Aggregate, BooleanField, CharField, Count, ExpressionWrapper, F, Q

from registry.models import DatePrecision, Member, Movement

Kind = Movement.Kind


def admitted(joined: str = "joined", registered_on: str = "registered_on") -> ExpressionWrapper:
    """Admitted here: 入党时间 known to the day and the same as 登记时间 (worked out in SQL, which spares
    converting a date a row)."""
    return ExpressionWrapper(
        Q(**{joined: F(registered_on), f"{joined}_precision": DatePrecision.DAY}), output_field=BooleanField()
    )


def eventful():
    """The members whose current stay may not be plain: they have a movement that splits a stay, makes
    it held from a later day or makes it a return (a subquery)."""
    return Movement.objects.filter(
        Q(kind__in=(Kind.ARRIVAL, Kind.RESTORED, Kind.TRANSFER_IN))
        | Q(kind=Kind.TRANSFER_OUT, to_organization__isnull=False)
    ).values("member_id")


class Ids(Aggregate):
    """A group's ids as one text, comma-separated."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


def plain_groups(
    *, until: datetime.date, since: datetime.date, organization_ids: set | None, narrowed_up_to: int, ids: bool = True
) -> list:
    """The plain stays — members on the roster with no movement that splits the stay, makes it held from
    a later day or a return (most of the roster) — grouped in SQL as (organization id, began before
    `since`, admitted here, self-managed, [member ids]). Such a stay is one open segment held here, if
    the member is self-managed, from its first day: what segments() would make of it, without a
    Python object per member. Without `ids`, each group's number of members in their place: what the
    figures need, and the database does not write out a million ids (PostgreSQL, 1,000,000 members:
    660 ms for the ids)."""
    members = Member.objects.filter(registered_on__lte=until).exclude(id__in=eventful())
    if organization_ids is not None and len(organization_ids) <= narrowed_up_to:
        members = members.filter(organization_id__in=organization_ids)
    grouped = (
        members.order_by()
        .annotate(
            before=ExpressionWrapper(Q(registered_on__lt=since), output_field=BooleanField()),
            admitted=admitted(),
            self_managed=ExpressionWrapper(Q(category=Member.Category.SELF_MANAGED), output_field=BooleanField()),
        )
        .values("organization_id", "before", "admitted", "self_managed")
        .annotate(ids=Ids("id") if ids else Count("*"))
        .values_list("organization_id", "before", "admitted", "self_managed", "ids")
    )
    return [
        (organization_id, before, admitted, self_managed, [int(pk) for pk in found.split(",")] if ids else found)
        for organization_id, before, admitted, self_managed, found in grouped
        if organization_ids is None or organization_id in organization_ids
    ]


def raw_rows(queryset):
    """The rows of a values_list() queryset (annotations last, as its SQL selects them) straight from
    the database cursor: for the whole roster, Django's converters per value cost more than reading.
    Dates as the driver gives them (ISO text from SQLite: see as_date)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def as_date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
