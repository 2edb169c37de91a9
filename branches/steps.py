"""A step of a record's course that a page offers: a candidate made an activist, a reverse
issuance request sent or refused. Each room lists its steps once, as `Step`s in a table the views
look a step up in by the name in its URL; the page offers those `available` for the record, and
posting one binds its `form` and calls its `apply`, which calls the one service that writes it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    name: str  # in the URL: /development/<pk>/step/admit/
    label: Any  # what the page calls it (a lazy translation)
    form: type  # the form that records it
    apply: Callable  # (record, cleaned_data, form, actor) → None: calls the service that writes the step
    done: Any  # the message after it is recorded
    available: Callable  # (record) → bool: whether the record's stage or state allows it


def steps_by_name(*steps: Step) -> dict[str, Step]:
    """The table a room's views look its steps up in."""
    return {step.name: step for step in steps}
