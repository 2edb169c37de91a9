"""Honours and representatives (docs/domain.md#honours): commendations of members and of party
organizations, nominated and then approved or not, per year; members elected as representatives.
On the member's and the organization's pages; `honours` is an import kind; registry_stats --json
counts the approved commendations by year ("honours")."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.honours import demo, sections, selectors

ROOM = Room(
    name="honours",
    nav=(
        NavLink(
            _("Honours"),
            "registry:honour_list",
            group="roster",
            current_for=("registry:honour_*", "registry:representative_*"),
        ),
    ),
    member_sections=(sections.member_section,),
    organization_sections=(sections.organization_section,),
    urls="registry.honours.urls",
    import_kinds=("registry.honours.imports.HonourImporter",),
    export_kinds={"honours": _("commendations"), "representatives": _("representatives")},
    stats=(selectors.honour_figures,),
    demo=(demo.load,),
)
