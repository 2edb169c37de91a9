"""The service ledger (服务台账): cases for members and enterprises — disputes settled, money
recovered, leases renewed, children placed in schools — and their totals per kind and year.

``services``, ``selectors``, ``forms``, ``filters``, ``views``, ``demo``: as in every room
(docs/adding-a-capability.md).
"""
