"""Fill the Chinese catalog after `make messages`: list what is untranslated or fuzzy, and write
translations given as a JSON object {msgid: msgstr}.

    .venv/bin/python scripts/translations.py missing               # msgids without a translation
    .venv/bin/python scripts/translations.py fill new.json          # write them, then compile
"""

import json
import re
import subprocess
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def _quote(keyword: str, text: str) -> list[str]:
    return [f"{keyword} {json.dumps(text, ensure_ascii=False)}"]


def entries(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.strip("\n").split("\n\n")]


def parse(block: list[str]) -> tuple[list[str], str, str, str | None]:
    """(comment lines, msgid, msgstr, msgid_plural or None) of one entry."""
    comments, parts, current = [], {"msgid": [], "msgstr": [], "msgid_plural": []}, None
    for line in block:
        if line.startswith("#"):
            comments.append(line)
            continue
        match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
        if match:
            current = "msgstr" if match[1].startswith("msgstr") else match[1]
            if match[1].startswith("msgstr[") and parts["msgstr"]:
                continue  # plural forms: only the first is read here
        if current:
            parts[current].append(line)
    plural = _unquote(parts["msgid_plural"]) if parts["msgid_plural"] else None
    return comments, _unquote(parts["msgid"]), _unquote(parts["msgstr"]), plural


def missing() -> list[str]:
    found = []
    for block in entries(PO.read_text(encoding="utf-8"))[1:]:
        comments, msgid, msgstr, _plural = parse(block)
        if msgid and (not msgstr or any("fuzzy" in line for line in comments if line.startswith("#,"))):
            found.append(msgid)
    return found


def fill(translations: dict[str, str]) -> int:
    blocks = entries(PO.read_text(encoding="utf-8"))
    done = 0
    for index, block in enumerate(blocks[1:], start=1):
        comments, msgid, _msgstr, plural = parse(block)
        if msgid not in translations:
            continue
        kept = [line for line in comments if not line.startswith("#|")]
        kept = [re.sub(r",? ?fuzzy", "", line) if line.startswith("#,") else line for line in kept]
        kept = [line for line in kept if line.strip() not in ("#,", "#")]
        # a msgctxt line (pgettext) is kept: without it the entry would clash with the same msgid
        context = [line for line in block if line.startswith("msgctxt ")]
        body = context + _quote("msgid", msgid)
        if plural is None:
            body += _quote("msgstr", translations[msgid])
        else:
            body += _quote("msgid_plural", plural) + _quote("msgstr[0]", translations[msgid])
        blocks[index] = kept + body
        done += 1
    PO.write_text("\n\n".join("\n".join(block) for block in blocks) + "\n", encoding="utf-8")
    subprocess.run(["msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    return done


if __name__ == "__main__":
    if sys.argv[1:2] == ["missing"]:
        print(json.dumps(dict.fromkeys(missing(), ""), ensure_ascii=False, indent=1))
    elif sys.argv[1:2] == ["fill"]:
        print(f"{fill(json.loads(Path(sys.argv[2]).read_text(encoding='utf-8')))} translations written")
    else:
        sys.exit(__doc__)
