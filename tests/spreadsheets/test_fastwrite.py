"""The fast writer (spreadsheets/fastwrite.py): values reach the table as the ORM would write them,
whatever the class of a date — a plain date goes through the driver's adapter, a subclass
(a month cell's MonthDate) is converted by the writer."""

import datetime

from registry.models import DuesEntry
from spreadsheets import fastwrite
from spreadsheets.dates import MonthDate
from tests import factories

ATTNAMES = ["member_id", "month", "amount", "paid_on", "received_by_id", "note"]


def test_plain_dates_and_subclasses_of_date_are_written_as_their_day(tree):
    member = factories.make_member(tree["fuzhou_1"])
    fastwrite.insert(
        DuesEntry,
        ATTNAMES,
        [
            (member.pk, MonthDate(2024, 3, 1), None, datetime.date(2024, 3, 5), None, ""),
            (member.pk, datetime.date(2024, 4, 1), None, None, None, "四月"),
        ],
    )
    written = (
        DuesEntry.objects.filter(member=member, month__year=2024)
        .order_by("month")
        .values_list("month", "paid_on", "note")
    )
    assert list(written) == [
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 5), ""),
        (datetime.date(2024, 4, 1), None, "四月"),
    ]
    assert DuesEntry.objects.filter(member=member, month=datetime.date(2024, 3, 1)).exists()  # stored as ISO text
