"""Where apps built on the registry (outreach) add sections to its pages.

The registry must not import them; instead they register a function here from their
``AppConfig.ready()``. Each function takes ``(request, obj)`` and returns ``None`` (nothing to show)
or a dict with at least ``"template"``: the template included in the page with ``section`` set
to that dict. Sections are shown in the order they were registered. A section function must make
a bounded number of queries.
"""

from collections.abc import Callable
from typing import Any

Section = dict[str, Any]
SectionFunction = Callable[[Any, Any], Section | None]

member_sections: list[SectionFunction] = []  # (request, member) → a section of the member's page
home_sections: list[SectionFunction] = []  # (request, None) → a section of the home page


def sections(functions: list[SectionFunction], request, obj=None) -> list[Section]:
    return [section for section in (function(request, obj) for function in functions) if section]
