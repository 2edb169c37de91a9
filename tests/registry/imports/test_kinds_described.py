"""An import kind describes itself once, on its Importer, and its room names it: the import page's
choices, a secretary's kinds, the blank templates, the import list's labels and `import_data`'s
choices and help are read from there (registry/imports/kinds.py), README and docs name every kind,
and no model lists the kinds (a new kind needs no migration)."""

import dataclasses
import re
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.imports import declared, kinds
from registry.management.commands.import_data import Command as ImportDataCommand
from registry.models import ImportRun
from tests.registry.imports import new_kind_room, workbooks

ROOT = Path(__file__).resolve().parents[3]


def import_data_help() -> str:
    return ImportDataCommand().create_parser("manage.py", "import_data").format_help()


def test_every_kind_describes_itself():
    width = ImportRun._meta.get_field("kind").max_length
    assert {"members", "organizations", "chambers", "enterprises", "development", "movements", "dues"} <= set(
        kinds.uploadable_kinds()
    )
    assert {"survey_counts", "attendance"} <= set(kinds.importers()) - set(kinds.uploadable_kinds())
    with translation.override("zh-hans"):
        for kind, importer in kinds.importers().items():
            assert importer.kind == kind and len(kind) <= width and re.fullmatch(r"[a-z_]+", kind)
            label = str(importer.kind_label)
            assert label and not label.isascii(), f"{kind}: a label translated into Chinese"
            assert importer.help_text and "\n" not in importer.help_text, f"{kind}: one line of help"
            assert importer.columns and importer.sheet_name


def test_import_data_offers_and_names_every_kind_uploaded_here():
    parser = ImportDataCommand().create_parser("manage.py", "import_data")
    (kind_argument,) = [action for action in parser._actions if action.dest == "kind"]
    assert list(kind_argument.choices) == kinds.uploadable_kinds()
    shown = import_data_help()
    for kind in kinds.uploadable_kinds():
        importer = kinds.importers()[kind]
        (line,) = [line for line in shown.splitlines() if line.split()[:1] == [kind]]
        assert str(importer.kind_label) in line and importer.help_text in line
        assert ("committee office only" in line) != importer.secretary_may_run


def test_readme_and_docs_name_every_kind_with_its_label():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = (ROOT / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    rows = {match[1]: match[0] for match in re.finditer(r"^\| `([a-z_]+)` \|.*$", table, flags=re.M)}
    with translation.override("zh-hans"):
        for kind, importer in kinds.importers().items():
            assert f"`{kind}`" in readme, f"README.md names no kind `{kind}`"
            assert kind in rows, f"docs/spreadsheets.md#kinds has no row for `{kind}`"
            cells = [cell.strip() for cell in rows[kind].strip("|").split("|")]
            assert cells[1] == str(importer.kind_label), f"{kind}: the docs' label is not the importer's"
            assert ("secretary" in cells[2]) == (importer.secretary_may_run and importer.uploadable), kind
    assert set(rows) == set(kinds.importers()), "the docs list a kind no room declares"


def test_a_secretary_is_offered_the_kinds_whose_importer_allows_secretaries(staff, secretary_a, reviewer):
    allowed = [kind for kind in kinds.uploadable_kinds() if kinds.importers()[kind].secretary_may_run]
    assert [kind for kind, _label in kinds.kinds_for(secretary_a)] == allowed
    assert {"members", "organizations"} <= set(allowed) and "chambers" not in allowed
    assert [kind for kind, _label in kinds.kinds_for(staff)] == kinds.uploadable_kinds()
    assert kinds.kinds_for(reviewer) == []


def test_no_model_lists_the_kinds():
    """A kind in a field's choices or a check constraint would need a migration for every new kind."""
    names = set(kinds.importers())
    for model in apps.get_models():
        for field in model._meta.get_fields():
            values = {value for value, _label in getattr(field, "flatchoices", None) or ()}
            assert len(values & names) < 2, f"{model.__name__}.{field.name} lists import kinds in its choices"
        for constraint in model._meta.constraints:
            condition = str(getattr(constraint, "condition", ""))
            assert len({name for name in names if f"'{name}'" in condition}) < 2, f"{model.__name__}: {constraint}"


def test_the_labels_are_shown_and_an_old_kind_as_stored(client_for, staff):
    shown = ImportRun.objects.create(user=staff, kind="movements", file_name="变动.xlsx", checksum="0", state="done")
    gone = ImportRun.objects.create(user=staff, kind="retired_kind", file_name="旧.xlsx", checksum="0", state="done")
    client = client_for(staff)
    with translation.override("zh-hans"):
        listed = client.get(reverse("registry:import_list")).content.decode()
        assert "党员变动登记" in listed and "retired_kind" in listed
        for run, heading in ((shown, "<small>党员变动登记 ·"), (gone, "<small>retired_kind ·")):
            assert heading in client.get(reverse("registry:import_detail", args=[run.pk])).content.decode()
    assert declared.label_for("retired_kind") == "retired_kind"


@pytest.fixture
def with_a_new_kind(settings):
    settings.REGISTRY_ROOMS = [*settings.REGISTRY_ROOMS, "tests.registry.imports.new_kind_room"]
    new_kind_room.PRICES.clear()
    # The settings fixture puts REGISTRY_ROOMS back afterwards, and with it the kinds (setting_changed).


def test_a_new_kind_is_its_importer_and_one_line_in_its_room(with_a_new_kind, client_for, staff, secretary_a):
    """Nothing else is edited — no choices, no migration, no list of labels or templates, no help."""
    assert kinds.importers()["prices"] is new_kind_room.PriceImporter
    assert ("prices", "价目表") in kinds.kinds_for(staff)
    assert "prices" not in dict(kinds.kinds_for(secretary_a))  # secretary_may_run is False by default
    assert "prices" in import_data_help()

    client = client_for(staff)
    template = client.get(reverse("registry:import_template", args=["prices"]))
    assert template.status_code == 200 and "价目_导入模板.xlsx" in unquote(template["Content-Disposition"])
    page = client.get(reverse("registry:import_new"))
    assert ("prices", "价目表") in [(kind, str(label)) for kind, label in page.context["form"].fields["kind"].choices]

    content = workbooks.xlsx([["品名", "数量", "单位"], ["茶叶", "3", "斤"]], sheet="价目")
    response = client.post(
        reverse("registry:import_new"), {"kind": "prices", "file": SimpleUploadedFile("价目.xlsx", content)}
    )
    run = ImportRun.objects.get(kind="prices")
    assert response["Location"] == reverse("registry:import_detail", args=[run.pk])
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and new_kind_room.PRICES == {"茶叶": 3}
    assert "价目表" in client.get(reverse("registry:import_list")).content.decode()


def test_a_kind_declared_twice_is_refused(settings):
    twice = dataclasses.replace(new_kind_room.ROOM, import_kinds=("registry.dues.imports.DuesImporter",))
    with mock.patch.object(new_kind_room, "ROOM", twice):
        settings.REGISTRY_ROOMS = [*settings.REGISTRY_ROOMS, "tests.registry.imports.new_kind_room"]
        with pytest.raises(Exception, match="Two importers of the kind 'dues'"):
            kinds.importers()
