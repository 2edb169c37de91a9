"""The one way an update is written (branches.services.recorded_change / update_with_history):
version checked first, changes applied, saved with its history row only if something changed —
and a stale version or a refusal in the block writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from branches.models import Chamber
from branches.services import recorded_change, update_with_history
from branches.versions import StaleEdit, version_of


def _fresh(chamber) -> Chamber:
    return Chamber.objects.get(pk=chamber.pk)


@pytest.mark.django_db
def test_changes_are_saved_with_one_history_row_naming_the_actor_and_reason(tree, staff):
    chamber = tree["fuzhou_chamber"]
    rows = chamber.history.count()
    with transaction.atomic():
        changed = update_with_history(
            chamber,
            changes={"supervising_department": "统战部", "name": chamber.name},
            actor=staff,
            version=version_of(chamber),
            reason="核对",
        )
    assert changed == ["supervising_department"]  # the name was given as it is: unchanged
    assert _fresh(chamber).supervising_department == "统战部"
    latest = chamber.history.order_by("-pk").first()
    assert chamber.history.count() == rows + 1
    assert (latest.history_user, latest.history_change_reason) == (staff, "核对")


@pytest.mark.django_db
def test_nothing_changed_writes_no_history_row(tree, staff):
    chamber = tree["fuzhou_chamber"]
    rows = chamber.history.count()
    assert update_with_history(chamber, changes={"name": chamber.name}, actor=staff) == []
    assert chamber.history.count() == rows


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_is_written(tree, staff):
    chamber = tree["fuzhou_chamber"]
    read = version_of(chamber)
    with transaction.atomic():
        update_with_history(chamber, changes={"supervising_department": "第一位"}, actor=staff, version=read)
    rows = chamber.history.count()
    stale = Chamber.objects.get(pk=chamber.pk)
    stale.supervising_department = ""  # as the second person's form read it
    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        update_with_history(stale, changes={"home_region": "第二位"}, actor=staff, version=read)
    assert refused.value.current_version == version_of(chamber) != read
    assert chamber.history.count() == rows
    assert (_fresh(chamber).home_region, _fresh(chamber).supervising_department) == (chamber.home_region, "第一位")


@pytest.mark.django_db
def test_only_the_fields_named_are_applied(tree, staff):
    chamber = tree["fuzhou_chamber"]
    changed = update_with_history(
        chamber, changes={"home_region": "福州", "supervising_department": "不该写"}, actor=staff, only=("home_region",)
    )
    assert changed == ["home_region"]
    assert (_fresh(chamber).home_region, _fresh(chamber).supervising_department) == ("福州", "")


@pytest.mark.django_db
def test_a_refusal_inside_the_block_saves_nothing(tree, staff):
    chamber = tree["fuzhou_chamber"]
    rows = chamber.history.count()
    with pytest.raises(ValidationError), recorded_change(chamber, actor=staff) as change:
        change.apply({"home_region": "福州"})
        raise ValidationError("the rules refuse it")
    assert chamber.history.count() == rows and _fresh(chamber).home_region == ""


@pytest.mark.django_db
def test_a_field_changed_on_the_way_counts_and_one_set_back_does_not(tree, staff):
    """What the block derives (a birth date from an ID number) is a change too; a field applied and
    then set back (a cleared birth date that comes back from the ID number) is not."""
    chamber = tree["fuzhou_chamber"]
    rows = chamber.history.count()
    with recorded_change(chamber, actor=staff) as change:
        change.apply({"home_region": "福州", "supervising_department": "临时"})
        chamber.supervising_department = ""  # set back to what it was
        chamber.established = datetime.date(2001, 5, 4)  # derived by the block, not applied
    assert change.fields == ["home_region", "established"]
    assert chamber.history.count() == rows + 1
    assert _fresh(chamber).established == datetime.date(2001, 5, 4)
