"""Compliance and participation in organizational life (ORGLIFE.md §1, docs/orglife.md#compliance):
which organization owes which kind of meeting in which period, what it held, what the committee
excused; each member's last organizational life and the six-month work list; the figures of the home
page and of registry_stats. The meetings themselves are the room's (registry/orglife/)."""
