"""Activities (主题党日, lectures, study trips…) and who attended them — picked, typed, or read from
an attendance sheet (签到表) — and the members who attended nothing in a year.

- ``imports``: attendance sheets, read by the spreadsheet pipeline from the activity's page (not
  an import kind of the registry's import page; each run is recorded in its import list).
- ``services``, ``selectors``, ``forms``, ``filters``, ``views``, ``demo``: as in every room
  (docs/adding-a-capability.md).
"""
