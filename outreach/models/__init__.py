"""Outreach models, one module per part of the work (Django finds them through this package).

- ``contacts``: designated contacts, the contact log, six must-visits, committee visits,
  service cases, activities and attendance.
- ``certificates``: activity certificates, reverse issuance requests, liaison letters.
"""

from .certificates import *  # noqa: F403
from .contacts import *  # noqa: F403
