"""Chinese names as pinyin (pypinyin): the keys that find a person the way a name is typed on a
phone ("lxy" or "linxiuying" for 林秀英) and that order names the way Chinese address books and
WPS do (阿 … 傅 … 何 … 余 … 张 … 赵), the same on every database (docs/domain.md#finding-people).

The keys are stored beside the name (PinyinNamed: the member's and the candidate's name_pinyin,
name_initials, name_sort) and kept in step by every write: the model's save, the bulk writes of
the member's queryset, the members import's fast writer.

The sort key is built of the characters 0-9 and a-z alone, which every collation (SQLite's
binary, PostgreSQL's C or en_US) orders alike, so that `ORDER BY name_sort` is one order on both:
- each syllable without its tone, followed by "0" (ends before any letter: 何 he < 恒 heng);
- "1", then the tones, one digit a syllable (何 hé before 贺 hè when the rest is equal);
- "1", then each character's code point in six hex digits: names read alike stay apart, each
  always in the same place.
"""

import functools
import os
import re

from django.db import models

# Each character is read alone (readings below): pypinyin's dictionary of words, 47,000 phrases and
# 45 MB of every process (a web worker, an import of 100,000 members: a seventh of its peak), is
# never consulted, nor is a copy of its dictionaries needed (no custom readings are loaded).
# Every Han character reads the same without them (checked over U+3400–U+3FFFF).
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")

from pypinyin import Style, lazy_pinyin

# Surnames read otherwise than the same character in a word (pypinyin reads the word): 曾 is
# Zēng as a surname, not céng. The first character of a name is read from here.
SURNAMES = {
    "曾": ("zeng", 1),
    "单": ("shan", 4),
    "解": ("xie", 4),
    "乐": ("yue", 4),
    "区": ("ou", 1),
    "朴": ("piao", 2),
    "查": ("zha", 1),
    "仇": ("qiu", 2),
    "覃": ("qin", 2),
    "盖": ("ge", 3),
    "秘": ("bi", 4),
    "缪": ("miao", 4),
    "翟": ("zhai", 2),
    "繁": ("po", 2),
    "员": ("yun", 4),
    "种": ("chong", 2),
    "召": ("shao", 4),
    "黑": ("he", 4),
    "藏": ("zang", 4),
    "柏": ("bai", 3),
    "薄": ("bo", 2),
    "尉": ("yu", 4),
}
# What is read of a name: each Han character, and each run of Latin letters; dots (买买提·艾力),
# spaces and digits are not.
READ = re.compile(r"[A-Za-z]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
HAN_SYLLABLE = re.compile(r"^([a-z]+)([1-5])$")
SORT_KEY_LENGTH = 400
PINYIN_LENGTH = 300  # the longest names (an enterprise's 150 characters) are cut short
INITIALS_LENGTH = 50


@functools.cache
def _character(character: str) -> tuple[str, int] | None:
    """A Han character's usual reading (pypinyin's), or None for one it does not know."""
    syllable = HAN_SYLLABLE.match(lazy_pinyin(character, style=Style.TONE3, neutral_tone_with_five=True)[0])
    return (syllable.group(1), int(syllable.group(2))) if syllable else None


def readings(name: str) -> list[tuple[str, int]]:
    """(syllable, tone) for each character of a Chinese name (a neutral tone is 5); a run of Latin
    letters is one syllable of tone 0; anything else (spaces, dots) is not read.

    Each character is read alone, as phone address books read names (and ten times faster than
    reading the name as words: an import of 100,000 members reads them all), the surname
    (the first character) as a surname (SURNAMES)."""
    found = []
    for index, part in enumerate(READ.findall(name or "")):
        if part.isascii():
            found.append((part.lower(), 0))
        elif index == 0 and part in SURNAMES:
            found.append(SURNAMES[part])
        elif (reading := _character(part)) is not None:
            found.append(reading)
    return found


def name_keys(name: str) -> dict[str, str]:
    """The stored keys of a name: name_pinyin ("linxiuying"), name_initials ("lxy"), name_sort."""
    read = readings(name)
    syllables = [syllable for syllable, _tone in read]
    # (Joined from lists, not generators: an import of 100,000 members builds them all.)
    sort = (
        ("0".join(syllables) + "0" if syllables else "")
        + "1"
        + "".join([str(tone) for _syllable, tone in read])
        + "1"
        + "".join(map(_HEX_CODE_POINT, map(ord, name or "")))
    )
    return {
        "name_pinyin": "".join(syllables)[:PINYIN_LENGTH],
        "name_initials": "".join([syllable[0] for syllable in syllables])[:INITIALS_LENGTH],
        "name_sort": sort[:SORT_KEY_LENGTH],
    }


_HEX_CODE_POINT = "{:06x}".format


def typed_as_pinyin(text: str) -> str:
    """A search typed in Latin letters ("lxy", "Lin Xiuying"), lowercased and without spaces;
    empty when the text is anything else."""
    letters = re.sub(r"\s+", "", text or "").lower()
    return letters if letters.isascii() and letters.isalpha() else ""


# The stored keys of a name, derived from it on every write: not in a record's history.
NAME_KEYS = ("name_pinyin", "name_initials", "name_sort")


class PinyinNamed(models.Model):
    """A record whose `name` is found by its pinyin and ordered by it (a member, a candidate, an
    enterprise, a chamber): the keys are filled from the name by every save (`update_fields`
    naming the name writes them too) and by the bulk writes of PinyinQuerySet."""

    # Searched for inside (`contains`), which no B-tree serves: not indexed (the roster's four indexes on
    # them, with their pattern twins, were written by every insert and built again after a first roster).
    name_pinyin = models.CharField(max_length=PINYIN_LENGTH, blank=True, editable=False)
    name_initials = models.CharField(max_length=INITIALS_LENGTH, blank=True, editable=False)
    name_sort = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *NAME_KEYS}
        super().save(*args, **kwargs)

    def fill_name_keys(self) -> None:
        for key, value in name_keys(self.name).items():
            setattr(self, key, value)


class PinyinQuerySet(models.QuerySet):
    """The name's keys follow the name in bulk writes too (bulk_create, bulk_update naming the
    name), as they do in PinyinNamed.save(); django-simple-history's bulk writers come here."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for record in objs:
            record.fill_name_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            for record in objs:
                record.fill_name_keys()
            fields = [*fields, *(key for key in NAME_KEYS if key not in fields)]
        return super().bulk_update(objs, fields, *args, **kwargs)
