"""The two ways an import says no: the whole file (ImportRefused) or one cell (CellError)."""

from django.core.exceptions import ValidationError


class ImportRefused(Exception):
    """The file cannot be read as that kind at all: not a spreadsheet, empty, too large, no
    header row… `message` is one sentence for the person who uploaded it; `code` is for programs."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = str(message)
        self.code = code


class CellError(Exception):
    """A value that cannot be taken as it is. Raised by the value parsers."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = str(message)
        self.code = code

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "CellError":
        # The validator's error is its own error_list, a cycle the collector alone frees: without
        # its traceback it no longer holds the frames of the import that read the cell meanwhile.
        error.with_traceback(None)
        return cls(" ".join(str(message) for message in error.messages), code=error.code or "invalid")
