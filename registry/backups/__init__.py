"""Backups of the whole database (every app's tables): `manage.py backup PATH` and
`manage.py restore PATH` (registry/backups/database.py; README, docs/operations.md#backups)."""
