"""The nav's unread count as one SQL expression: the unread open messages plus the reminders grown
since marked read, for the user whose id the outer query holds. branches.access adds it to the query
of the user's roles, which every page makes anyway, so that the count costs no query of its own.

Written as SQL, not composed from querysets: Django compiled the two subqueries anew on every
request, a millisecond of each page (a small page takes a dozen), for an expression that never
changes. The names come from the models, quoted by the database's own rules."""

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from branches.inbox.models import InboxState, Message


def unread_expression(outer_model, outer_field: str) -> RawSQL:
    """The count for the user whose id is `outer_field` of `outer_model`, the outer query's model
    (its table unaliased: the model the query is of)."""
    quote = connection.ops.quote_name

    def column(model, name: str) -> str:
        return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"

    user = column(outer_model, outer_field)
    messages = (
        f"SELECT COUNT(*) FROM {quote(Message._meta.db_table)} WHERE {column(Message, 'recipient')} = {user}"
        f" AND {column(Message, 'closed_at')} IS NULL AND {column(Message, 'read_at')} IS NULL"
    )
    reminders = (
        f"SELECT {column(InboxState, 'due_unread')} FROM {quote(InboxState._meta.db_table)}"
        f" WHERE {column(InboxState, 'user')} = {user}"
    )
    return RawSQL(f"(({messages}) + COALESCE(({reminders}), 0))", (), output_field=IntegerField())
