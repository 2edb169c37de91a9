"""Masks for personal data shown to roles that do not need it in full (reviewers)."""

# Fields whose values are personal data wherever they are shown (lists, details, history).
PERSONAL_FIELDS = {"id_number": "id_number", "phone": "phone", "secretary_phone": "phone"}


def mask_id_number(value: str) -> str:
    return f"{value[:3]}***********{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def mask(kind: str, value: str) -> str:
    return mask_id_number(value) if kind == "id_number" else mask_phone(value)


class MaskedRecord:
    """A record whose ID number and phones read masked (for the exports of roles that see
    personal data masked); everything else reads through."""

    def __init__(self, record):
        self._record = record
        self._meta = record._meta

    def __getattr__(self, name):
        value = getattr(self._record, name)
        if name in PERSONAL_FIELDS and value:
            return mask(PERSONAL_FIELDS[name], value)
        return value
