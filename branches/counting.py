"""Several counts in one query: SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), … — for a
page that shows many figures of different tables (the home page), whose number of queries must stay
bounded as rooms add their figures."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet


def counts_of(**querysets: QuerySet) -> dict[str, int]:
    """{name: the number of rows of its queryset}, as `queryset.count()` gives it, in one query."""
    parts, params, found = [], [], {}
    for name, queryset in querysets.items():
        try:
            sql, own_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (an empty IN): no SQL at all
            found[name] = 0
            continue
        parts.append((name, f"(SELECT COUNT(*) FROM ({sql}) counted_{len(parts)})"))
        params.extend(own_params)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(sql for _name, sql in parts), params)
            found.update(zip([name for name, _sql in parts], cursor.fetchone(), strict=True))
    return {name: found[name] for name in querysets}
