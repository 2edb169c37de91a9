"""Visits: the six must-visits (六必访) — occasions that call for a visit, on the branch's to-do list
until answered, the visits and their counts per occasion per quarter — and the committee's visits
to branches (1–2 a quarter [000]) with their branches × quarters grid.

- ``quarters``: calendar quarters, the unit of the visit figures.
- ``services``, ``selectors``, ``forms``, ``filters``, ``views``, ``demo``: as in every room
  (docs/adding-a-capability.md).
"""
