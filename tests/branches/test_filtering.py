"""Single values read through form fields: an id or a year is what int() would make of it only
when it is one; anything else is None (or the default), never an exception."""

import pytest
from django import forms

from branches.filtering import MAX_ID, id_from, year_from


@pytest.mark.parametrize("value, expected", [
    ("12", 12), (" 12 ", 12), (12, 12), (str(MAX_ID), MAX_ID),
    ("²", None), ("99999999999999999999999", None), (str(MAX_ID + 1), None), ("0", None), ("-1", None),
    ("1.5", None), ("", None), (None, None), ("1e309", None), ("x" * 5000, None), ("9" * 5000, None), (True, None),
])
def test_id_from(value, expected):
    assert id_from(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024", 2024), ("0", 2026), ("99999", 2026), ("²", 2026), ("", 2026), (None, 2026), ("-2024", 2026),
])
def test_year_from(value, expected):
    assert year_from(value, 2026, first=1990, last=2100) == expected


def test_picked_records_that_cannot_be_ids_are_an_invalid_choice(tree):
    from branches.filtering import RecordsField
    from branches.models import Organization

    field = RecordsField(queryset=Organization.objects.all(), required=False)
    assert list(field.clean([str(tree["putian"].pk)])) == [tree["putian"]]
    for value in ("²", "99999999999999999999999", "0"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean([str(tree["putian"].pk), value])
        assert refused.value.code == "invalid_choice"
