"""Contacts, visits, services, activities, certificates and letters live here (later issues)."""
