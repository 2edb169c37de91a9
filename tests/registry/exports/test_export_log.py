"""The export log keeps who downloaded what with which filters, but not the personal data typed
into them: an ID number or a phone (or part of one) in a search is kept masked, for everyone."""

import datetime

from django.urls import reverse

from registry.exports.workbooks import log_export, masked_filters
from registry.models import ExportLog
from tests import factories


def test_a_search_for_an_id_number_or_a_phone_is_logged_masked(client_for, staff, tree):
    member = factories.make_member(
        tree["putian"],
        id_number="35012419890322165X",
        phone="13912345678",
        joined=datetime.date(2012, 7, 1),
        made_full=datetime.date(2013, 7, 1),
    )  # born 1989
    client = client_for(staff)
    for typed in (member.id_number, "350124 1989 0322 165x", "139 1234 5678", "0322165X"):
        response = client.get(reverse("registry:member_export"), {"q": typed, "organization": tree["putian"].pk})
        assert response.status_code == 200
    kept = [entry.filters for entry in ExportLog.objects.order_by("pk")]
    assert [entry["q"] for entry in kept] == [
        "350***********165X",
        "350***********165X",
        "139****5678",
        "032***********165X",
    ]
    assert all(entry["organization"] == str(tree["putian"].pk) for entry in kept)
    assert "35012419890322165X" not in str(kept) and "13912345678" not in str(kept)


def test_names_and_other_filters_are_kept_as_typed_and_stray_numbers_masked(staff):
    assert masked_filters({"q": "王小明", "year": 2026, "category": "registered_mobile"}) == {
        "q": "王小明",
        "year": 2026,
        "category": "registered_mobile",
    }
    assert masked_filters({"q": ["13912345678"], "note": "phone 13912345678", "organization": "12"}) == {
        "q": ["139****5678"],
        "note": "phone 139****5678",
        "organization": "12",
    }
    entry = log_export(user=staff, kind="members", filters={"q": "35012419890322165X"}, rows=1, file_name="党员.xlsx")
    entry.refresh_from_db()
    assert entry.filters == {"q": "350***********165X"}


def kinds_logged_in_the_source() -> set[str]:
    """Every kind a `log_export(kind=...)` call names, read from the code (the roster's downloads
    name theirs through FILE_NAMES)."""
    import ast
    from pathlib import Path

    from registry.exports.lists import FILE_NAMES

    root = Path(__file__).resolve().parents[3]
    kinds = set(FILE_NAMES)
    for path in [*root.glob("registry/**/*.py"), *root.glob("outreach/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "log_export"
            ):
                for keyword in node.keywords:
                    if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant):
                        kinds.add(keyword.value.value)
    return kinds


def test_every_kind_of_export_has_a_chinese_name_and_fits_the_column():
    from django.utils import translation

    kinds = kinds_logged_in_the_source()
    assert {"members", "letter_print", "import_errors", "reconciliation"} <= kinds  # the scan finds them
    width = ExportLog._meta.get_field("kind").max_length
    with translation.override("zh-hans"):
        named = {kind: ExportLog(kind=kind).kind_label for kind in kinds}
    assert [kind for kind, label in named.items() if label == kind or label.isascii()] == []
    assert [kind for kind in kinds if len(kind) > width] == []
