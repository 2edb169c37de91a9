"""Days left, as a person reads them (registry_tags days_or_overdue / days_or_ago): a date gone by
is "逾期55天" when it was a deadline and "已过55天" when it was the day a step became possible — never
"剩余天数 -55". Every column of days left in the templates goes through one of the two."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

DAYS_LEFT_CELL = re.compile(r"""<td data-label="\{% translate 'Days left' %\}"[^>]*>(.*?)</td>""", re.S)


def shown(template: str, days) -> str:
    with translation.override("zh-hans"):
        return Template("{% load registry_tags %}" + template).render(Context({"days": days}))


def test_a_deadline_gone_by_reads_overdue():
    assert shown("{{ days|days_or_overdue }}", -55) == '<span class="badge warn">逾期55天</span>'
    assert shown("{{ days|days_or_overdue }}", -1) == '<span class="badge warn">逾期1天</span>'
    assert shown("{{ days|days_or_overdue }}", 0) == "0"
    assert shown("{{ days|days_or_overdue }}", 12) == "12"
    assert shown("{{ days|days_or_overdue }}", None) == "—"


def test_a_day_from_which_a_step_was_possible_reads_how_long_ago():
    assert shown("{{ days|days_or_ago }}", -171) == "已过171天"
    assert shown("{{ days|days_or_ago }}", 3) == "3"
    with translation.override("en"):
        assert Template("{% load registry_tags %}{{ days|days_or_ago }}").render(Context({"days": -1})) == "1 day ago"


def test_every_column_of_days_left_goes_through_the_filters():
    cells = [
        (template.name, cell)
        for template in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for cell in DAYS_LEFT_CELL.findall(template.read_text(encoding="utf-8"))
    ]
    assert len(cells) >= 3  # the development work lists (two kinds of row) and the transfer letters
    assert [(name, cell) for name, cell in cells if "|days_or_overdue" not in cell and "|days_or_ago" not in cell] == []
