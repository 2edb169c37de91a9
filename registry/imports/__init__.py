"""The spreadsheet import pipeline (SPREADSHEETS.md is its contract). See pipeline.run_import."""

from registry.imports.errors import ImportRefused
from registry.imports.pipeline import KINDS, run_import
from registry.imports.result import (
    ERROR_COLUMN, INVALID, NEW, UNCHANGED, UPDATED, FieldChange, ImportResult, RowError, RowOutcome, SkippedLine,
)

__all__ = [
    "run_import", "KINDS", "ImportRefused", "ImportResult", "RowOutcome", "RowError", "FieldChange", "SkippedLine",
    "NEW", "UPDATED", "UNCHANGED", "INVALID", "ERROR_COLUMN",
]
