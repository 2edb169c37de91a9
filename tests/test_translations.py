"""The interface speaks Chinese everywhere: `makemessages` run over a copy of the code finds no
string without its Chinese translation (nor a fuzzy one), and no Chinese sentence of the catalog
uses half-width punctuation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402  (scripts/translations.py: the catalog's reader)

SOURCES = ("branches", "config", "fixtures", "outreach", "printing", "registry", "spreadsheets", "templates", "locale")


def _entries(po: Path):
    for block in translations.entries(po.read_text(encoding="utf-8"))[1:]:
        yield translations.parse(block)


def test_makemessages_finds_no_untranslated_string(tmp_path):
    for name in SOURCES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    entries = list(_entries(tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po"))
    assert len(entries) > 1000  # the whole catalog was extracted, not an empty one
    untranslated = [
        msgid
        for comments, msgid, msgstr, _plural in entries
        if msgid and (not msgstr or any("fuzzy" in line for line in comments if line.startswith("#,")))
    ]
    assert untranslated == [], "run `make messages`, then scripts/translations.py missing / fill"


def test_chinese_sentences_use_full_width_punctuation():
    placeholders = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]*>")
    half_width = re.compile(r"[\u4e00-\u9fff]\s*[,;:?!()]|[,;:?!(]\s*[\u4e00-\u9fff]|\)\s*[\u4e00-\u9fff]")
    wrong = [
        msgstr
        for _comments, _msgid, msgstr, _plural in _entries(translations.PO)
        if half_width.search(placeholders.sub("", msgstr))
    ]
    assert wrong == []


# Chinese text (or a full-width mark closing it) followed by an ASCII full stop ending a sentence —
# not a file's extension (".xlsx"), a decimal, an ellipsis or a template's next tag.
FULL_STOP_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e”’]\s*\.(?![\w.])")
# In a template, an ASCII full stop printed after a variable or a tag whose output is Chinese in
# the interface ("{% translate 'Columns ignored:' %} {{ names }}."): the sentence's full stop must be
# in the catalog with the sentence, where the translation makes it "。".
FULL_STOP_AFTER_OUTPUT = re.compile(r"(?:\}\}|%\}|[\u4e00-\u9fff])[ \t]*\.(?![\w.])")
TRANSLATED = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}|\{#.*?#\}"
    r"|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<(script|style)\b.*?</\1>",
    re.S,
)


def test_no_chinese_text_is_followed_by_an_ascii_full_stop():
    wrong = [
        msgstr
        for _comments, _msgid, msgstr, _plural in _entries(translations.PO)
        if FULL_STOP_AFTER_CHINESE.search(msgstr)
    ]
    for template in sorted((ROOT / "templates").rglob("*.html")):
        source = TRANSLATED.sub("", template.read_text(encoding="utf-8"))
        wrong += [
            f"{template.relative_to(ROOT)}: …{source[max(match.start() - 40, 0) : match.end()]}"
            for match in FULL_STOP_AFTER_OUTPUT.finditer(source)
        ]
    assert wrong == []
