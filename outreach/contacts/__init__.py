"""Keeping in touch with the members: designated contact persons, the contact log and each member's
latest contact, the lost-touch list, lost contact (失联) and found again, and our members working
elsewhere (流出党员). Its sibling rooms are ``outreach.visits`` (six must-visits, committee visits),
``outreach.cases`` (the service ledger) and ``outreach.activities`` (activities and attendance).

- ``services``: every write, with history (the registry's pattern: keyword-only, one transaction).
- ``selectors``: every read, scoped through ``branches.access``.
- ``sections``: what keeping in touch adds to the member page and the home page, composed from the
  four rooms; ``room`` declares them with the navigation's link (branches/rooms.py).
- ``demo``: a year of contacts, visits, cases and activities for the demo committee (each room's
  part in its own ``demo`` module).
"""
