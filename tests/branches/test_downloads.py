"""Every file goes out with its Chinese name in `filename*` and a meaningful ASCII `filename` for the
clients that read only that one (some browsers built into messaging apps): never `download.pdf`."""

import re
from urllib.parse import unquote

from branches.downloads import PDF, ascii_file_name, file_response


def names(response) -> tuple[str, str]:
    disposition = response["Content-Disposition"]
    plain = re.search(r'filename="([^"]*)"', disposition).group(1)
    chinese = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
    return plain, chinese


def test_the_plain_name_is_the_fallback_with_the_files_extension():
    response = file_response(
        b"%PDF", "函告_2026_1_中共福清市江镜镇委员会.pdf", fallback="letter-2026-H1-3", content_type=PDF, inline=True
    )
    assert response["Content-Disposition"].startswith("inline;")
    assert names(response) == ("letter-2026-H1-3.pdf", "函告_2026_1_中共福清市江镜镇委员会.pdf")


def test_what_is_not_ascii_in_a_number_is_left_out():
    assert (
        ascii_file_name("certificate-application-闽流党证350100-2026-0012", "pdf")
        == "certificate-application-350100-2026-0012.pdf"
    )
    assert ascii_file_name("introduction-letter-京介〔2026〕12号", "pdf") == "introduction-letter-2026-12.pdf"
    assert ascii_file_name('a "quoted"; name', "xlsx") == "a-quoted-name.xlsx"  # nothing that ends the header's quotes
    assert ascii_file_name("党费", "xlsx") == "download.xlsx"
