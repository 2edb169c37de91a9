"""Names that scripts/deadcode.py cannot see used, each with the reason. Not imported by anything:
vulture reads this file, and every name mentioned here counts as used.

Before adding a name, ask whether the code is dead: most of what the check reports should go.
"""

# pyright: reportUndefinedVariable=false
# ruff: noqa: F821, B018

# gettext_noop msgids kept so that `makemessages` keeps their translations: the change reason
# written by branches' migration 0003 (shown translated on the roles page) and the third-party
# apps' strings the catalog translates (config/apps.py).
HISTORY_BEGAN
THIRD_PARTY_MESSAGES

# Django's FileSystemStorage reads base_location (where the files go); the attachments' private
# storage overrides it (registry/orglife/attachments.py).
base_location

# Committees (registry/committees): who has a vote, the rule in words that voters_count applies as one
# query (tested in tests/registry/committees/test_rules.py); the members on a committee on a day, which
# organizational life's expected members of a committee meeting are to ask (registry/orglife/selectors.py).
has_a_vote
committee_members_on

# The appraisal's grades per year, which organizational life's registry_stats figures put under
# "organizational_life"."appraisal" (registry/orglife/figures.py asks for it by name).
appraisal_figures

# django-axes calls its handler's get_failures (AXES_HANDLER = config.logins.PairFirstHandler), and
# Django's system checks call a registered check with app_configs= (config/logins.py, check_proxy_count).
get_failures
check_proxy_count
app_configs

# WeasyPrint calls a URLFetcher's fetch for each stylesheet a page links (printing/pdf.py, _static_only).
fetch
# A list's print view says what it is (registry/exports/prints.py): the tests' crawler reads it by name
# (tests/crawling.py, Route.prints_a_list), to leave the prints out of the sweeps.
prints_a_list

# Django's expression API reads an Aggregate's output_field and calls as_<vendor> by the database's
# name: registry/movements/stays.py's Ids (GROUP_CONCAT, STRING_AGG on PostgreSQL).
output_field
as_postgresql

# The squashed migrations' operation (branches/migration_operations.py): used by name in migration
# files, which the check does not read; Django's migration executor reads and calls the rest.
CreateModelsAtOnce
reduces_to_sql
reversible
database_forwards
database_backwards
