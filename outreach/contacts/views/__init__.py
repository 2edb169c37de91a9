"""Pages of the keeping-in-touch work: thin views over selectors (scope) and services (writes)."""
