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


BEFORE_MONTHS = [("registry", "0024_discipline_deciding_organization")]
AFTER_MONTHS = [("registry", "0023_dues_who_pays_bases_by_month_reductions")]


@pytest.mark.django_db
def test_a_years_basis_holds_from_its_january():
    """Migration 0023_dues_who_pays…: a basis kept per year becomes a base from that year's January,
    its history rows alike; every member's who-pays fact starts empty (by the category)."""
    with migrating.empty_database() as (connection, executor):
        executor.migrate(BEFORE_MONTHS)
        old = executor.loader.project_state(BEFORE_MONTHS).apps
        organization = old.get_model("branches", "Organization").objects.create(
            name="测试支部", level="branch", path=""
        )
        member = old.get_model("registry", "Member").objects.create(
            name="甲", id_number="350102198001010011", organization_id=organization.pk, category="registered_mobile"
        )
        old.get_model("registry", "DuesBasis").objects.create(member_id=member.pk, year=2025, monthly_base=4000)
        old.get_model("registry", "HistoricalDuesBasis").objects.create(
            id=1,
            member_id=member.pk,
            year=2025,
            monthly_base=4000,
            history_date=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
            history_type="+",
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER_MONTHS)
        new = executor.loader.project_state(AFTER_MONTHS).apps
        assert list(new.get_model("registry", "DuesBasis").objects.values_list("month", "kind")) == [
            (datetime.date(2025, 1, 1), "in_work")
        ]
        assert new.get_model("registry", "HistoricalDuesBasis").objects.get().month == datetime.date(2025, 1, 1)
        assert new.get_model("registry", "Member").objects.get().pays_dues_here is None
