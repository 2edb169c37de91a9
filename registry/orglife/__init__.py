"""Organizational life (组织生活, docs/orglife.md): the gatherings of an organization — 三会一课, themed
party days and the committee's other activities — with the attendance of every member expected,
their attachments, the meeting pages, printing and the two spreadsheets (register and sign-in
sheet). The models are in registry/models/orglife.py."""
