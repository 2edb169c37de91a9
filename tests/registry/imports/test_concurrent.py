"""Two imports of the same kind at once, in two processes (`manage.py import_data`) on a real
database: they run one after the other (registry/imports/locks.py), never interleaved — the second
is checked against what the first wrote, so it updates the members the first added instead of
adding them twice (which the database would refuse, and the import with it)."""

import json
import subprocess

import pytest

from registry.models import ImportRun, Member
from tests.registry.imports.processes import Database, big_roster, manage

ROWS = 1500


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_rows_at_once_are_serialized(tree, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    first.write_bytes(big_roster(tree["putian"].name, rows=ROWS, occupation="销售"))
    second.write_bytes(big_roster(tree["putian"].name, rows=ROWS, occupation="会计"))
    database = Database(tmp_path)
    database.hand_over()

    imports = [
        manage(database, "import_data", "members", str(path), "--json", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for path in (first, second)
    ]
    outcomes = []
    for process in imports:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, (stdout + stderr).decode()[-3000:]
        outcomes.append(json.loads(stdout))
    database.take_back()

    assert sorted((counts["new"], counts["updated"]) for counts in outcomes) == [(0, ROWS), (ROWS, 0)]
    assert Member.objects.count() == ROWS
    assert ImportRun.objects.filter(source=ImportRun.Source.COMMAND, state=ImportRun.State.DONE).count() == 2
