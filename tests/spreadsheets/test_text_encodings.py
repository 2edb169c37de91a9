"""A text file saved as Excel's "Unicode text" or "CSV UTF-16" is read (issue 20 §7): UTF-16 with a
byte order mark whatever its name, or little-endian without one; a binary file is still refused."""

import pytest

from spreadsheets.errors import ImportRefused
from spreadsheets.reading import load_source, open_sheets

TEXT = "姓名\t公民身份号码\t联系电话\n张三\t350102198302272112\t13800000000\n"


@pytest.mark.parametrize(
    "data, name",
    [
        (TEXT.encode("utf-16"), "名册.txt"),  # Excel's "Unicode text": a BOM, tabs
        (TEXT.encode("utf-16"), "名册.csv"),
        (TEXT.encode("utf-16"), "名册"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "名册.csv"),
        (TEXT.replace("\t", ",").encode("utf-16-le"), "名册.csv"),  # no BOM
    ],
)
def test_a_utf16_text_file_is_read(data, name):
    file_format, sheets = open_sheets(load_source(data, name))
    assert file_format == "csv"
    assert [cells for _number, cells in sheets[0].rows()] == [
        ["姓名", "公民身份号码", "联系电话"],
        ["张三", "350102198302272112", "13800000000"],
    ]


def test_a_binary_file_named_csv_is_still_not_a_spreadsheet():
    with pytest.raises(ImportRefused) as caught:
        open_sheets(load_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "名册.csv"))
    assert caught.value.code == "not_a_spreadsheet"
