"""Dues (党费): the ledger per member, what is due, months unpaid and the lists (docs/lifecycle.md#dues)."""
