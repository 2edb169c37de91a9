"""Outreach models, one module per part of the work (Django finds them through this package).

- ``certificates``: activity certificates, reverse issuance requests, liaison letters.
- ``contacts``: designated contacts and the contact log;
  ``visits``: the six must-visits and committee visits; ``cases``: the service ledger — one module
  per room of keeping in touch (their writes go through outreach/<room>/services.py).
"""

from .cases import *  # noqa: F403
from .certificates import *  # noqa: F403
from .contacts import *  # noqa: F403
from .visits import *  # noqa: F403
