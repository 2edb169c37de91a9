"""The registry's spreadsheet imports: its kinds, declared by the rooms (kinds.importers,
kinds.run_import), their runs with the background tasks that check and write them (runs), and the
pages (views). The pipeline itself is the `spreadsheets` package."""

from registry.imports.kinds import run_import
from spreadsheets.errors import ImportRefused
from spreadsheets.result import (
    ERROR_COLUMN,
    INVALID,
    NEW,
    UNCHANGED,
    UPDATED,
    FieldChange,
    ImportResult,
    RowError,
    RowOutcome,
    SkippedLine,
)

__all__ = [
    "run_import",
    "ImportRefused",
    "ImportResult",
    "RowOutcome",
    "RowError",
    "FieldChange",
    "SkippedLine",
    "NEW",
    "UPDATED",
    "UNCHANGED",
    "INVALID",
    "ERROR_COLUMN",
]
