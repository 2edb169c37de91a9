"""Historical models can be imported from where their `__module__` says (branches.historical_records)."""

import subprocess
import sys
from importlib import import_module
from pathlib import Path

from django.apps import apps


def test_every_model_is_found_under_its_module_and_name():
    misplaced = [
        f"{model.__module__}.{model.__name__}"
        for model in apps.get_models()
        if getattr(import_module(model.__module__), model.__name__, None) is not model
    ]
    assert misplaced == []


def test_outreach_history_lives_in_the_module_that_declares_its_model():
    from outreach.models import Contact, LiaisonLetter

    assert Contact.history.model.__module__ == "outreach.models.contacts"
    assert LiaisonLetter.history.model.__module__ == "outreach.models.certificates"


def test_shell_starts_without_import_errors():
    """Django 5.2's shell imports every model at start and lists those it cannot find."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "pass", "-v", "1"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "could not be automatically imported" not in result.stdout + result.stderr


def test_every_history_manager_class_is_made_once_and_still_reads_one_records_rows(members):
    from branches.historical_records import HistoryDescriptor

    tracked = [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]
    assert tracked
    for model in tracked:
        name = model._meta.simple_history_manager_attribute
        assert isinstance(model.__dict__[name], HistoryDescriptor), model
        assert type(getattr(model, name)) is type(getattr(model, name)), model
    first, second = members["putian"]
    assert {row.id for row in first.history.all()} == {first.pk}
    assert first.history.count() == 1 and second.history.count() == 1
