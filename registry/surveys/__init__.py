"""Survey rounds (摸底排查): counts per organization, entered or imported, and their
reconciliation with the roster (docs/domain.md#survey, "The survey").

- services.py   every write (rounds, counts), with history
- selectors.py  rounds and counts as the user may see them; the reconciliation and its work list
- imports.py    the survey-count workbook, read by the spreadsheet import pipeline's reader
- forms.py, views.py, exports.py
"""
