"""Keeps a comparison (docs/checkin.md#reconciliation): who, when, which file, the counts, the groups."""

import logging

from django.db import transaction

from registry.models import Reconciliation
from registry.reconcile.compare import Comparison

log = logging.getLogger("registry.reconcile")


@transaction.atomic
def reconciliation_keep(*, comparison: Comparison, actor) -> Reconciliation:
    reconciliation = Reconciliation.objects.create(
        user=actor if getattr(actor, "pk", None) else None,
        mode=comparison.mode,
        home_organization=comparison.home_organization[:150],
        file_name=comparison.file_name[:255],
        checksum=comparison.checksum,
        counts={**comparison.counts, **({"by_home": comparison.by_home} if comparison.by_home else {})},
        groups={**comparison.groups, "unreadable": comparison.unreadable},
    )
    log.info("list %s compared by %s: %s", comparison.file_name, getattr(actor, "username", actor), comparison.counts)
    return reconciliation
