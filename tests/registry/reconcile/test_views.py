"""The comparison's page: a long group is cut on the page, never in its export."""

import io

from openpyxl import load_workbook

from registry.models import Reconciliation
from registry.reconcile import views


def test_a_long_group_shows_its_first_rows_and_exports_all(client_for, staff, monkeypatch):
    monkeypatch.setattr(views, "SHOWN", 2)
    entries = [
        {"row": number, "name": f"外地人{number}", "id_number": f"11010119900101{number:03d}X"} for number in range(5)
    ]
    kept = Reconciliation.objects.create(
        file_name="x.xlsx", checksum="0", counts={"only_theirs": 5}, groups={"only_theirs": entries}
    )
    client = client_for(staff)
    page = client.get(f"/reconciliations/{kept.pk}/").content.decode()
    group = page.split('id="group-only_theirs"', 1)[1].split("</section>", 1)[0]
    assert "外地人1" in group and "外地人2" not in group and "共5人" in group
    rows = list(
        load_workbook(io.BytesIO(client.get(f"/reconciliations/{kept.pk}/export/only_theirs/").content)).active.values
    )
    assert len(rows) == 6
    assert client.get(f"/reconciliations/{kept.pk}/export/everything/").status_code == 404
