"""Keeping in touch: designated contacts and the contact log, the lost-touch list, the six
must-visits, committee visits to branches, the service ledger, activities and attendance.

- ``services``: every write, with history (the registry's pattern: keyword-only, one transaction).
- ``selectors``: every read, scoped through ``branches.access``.
- ``quarters``: calendar quarters, the unit of the visit figures.
- ``attendance_import``: attendance sheets, read by the registry's spreadsheet pipeline pieces.
- ``sections``: what this app adds to the member page and the home page (registry.extensions).
- ``demo``: a year of contacts, visits, cases and activities for the demo committee.
"""
