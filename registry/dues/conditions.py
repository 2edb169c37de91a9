"""Who pays dues here (docs/lifecycle.md#dues-who-pays), as far as the member's own fields say:
the condition from which the database computes `Member.pays_here_own_facts`, a stored column
(registry/models/members.py imports this module, which therefore imports no model).

`registry.dues.rules.paying_here` adds the one test that is another table's — the member's
organization is not a temporary branch — to the column; `rules.pays_here` is the same rule on
values in memory."""

from django.db.models import Q

# Member.Category's values (the model imports this module; tests/registry/dues check they agree).
SELF_MANAGED = "self_managed"
TEMPORARY = "temporary"

# A temporary organization's member pays at home; a self-managed member who has not flowed out
# pays here; otherwise what was recorded (Member.pays_dues_here), and when nothing was, by the
# category (self-managed: here).
PAYS_HERE_OWN_FACTS = ~Q(category=TEMPORARY) & (
    Q(category=SELF_MANAGED, flowed_out=False)
    | Q(pays_dues_here=True)
    | Q(pays_dues_here__isnull=True, category=SELF_MANAGED)
)
