"""Migration 0006: every 党费交至 typed before the ledger existed becomes a declared entry."""

import datetime

import pytest
from django.db.migrations.executor import MigrationExecutor

from tests import migrating

BEFORE = [("registry", "0006_development")]
AFTER = [("registry", "0007_dues")]


@pytest.mark.django_db
def test_existing_paid_through_values_become_declared_entries():
    with migrating.empty_database() as (connection, executor):
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        organization = old.get_model("branches", "Organization").objects.create(
            name="测试支部", level="branch", path=""
        )
        Member = old.get_model("registry", "Member")
        common = {
            "organization_id": organization.pk,
            "category": "registered_mobile",
            "joined": datetime.date(2005, 7, 1),
        }
        Member.objects.create(
            name="甲",
            id_number="350102198001010011",
            dues_paid_through=datetime.date(2026, 6, 15),
            dues_paid_through_precision="day",
            **common,
        )
        Member.objects.create(name="乙", id_number="350102198001020017", dues_paid_through=None, **common)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        entries = list(new.get_model("registry", "DuesEntry").objects.values_list("member__name", "month", "amount"))
        assert entries == [("甲", datetime.date(2026, 6, 1), None)]
        first = new.get_model("registry", "Member").objects.get(name="甲")
        assert (first.dues_paid_through, first.dues_paid_through_precision) == (datetime.date(2026, 6, 1), "month")
        assert new.get_model("registry", "HistoricalDuesEntry").objects.count() == 1
