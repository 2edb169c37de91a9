"""Masks for personal data shown to roles that do not need it in full (reviewers)."""

# Fields whose values are personal data wherever they are shown (lists, details, history).
PERSONAL_FIELDS = {"id_number": "id_number", "phone": "phone", "secretary_phone": "phone"}


def mask_id_number(value: str) -> str:
    return f"{value[:3]}***********{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def mask(kind: str, value: str) -> str:
    return mask_id_number(value) if kind == "id_number" else mask_phone(value)
