"""Contacts, visits, service cases and activities (issue 5)."""
__all__: list[str] = []
