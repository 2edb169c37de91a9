"""Committees, terms and elections (docs/committees.md): who sits on each organization's committee,
when each term ends, how an election went; the secretary every page shows comes from here. On an
organization's page its committee and term; on the home page the five figures; `elections` and
`committee_members` are import kinds; registry_stats --json counts them ("committees")."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.committees import demo, sections, selectors


def stats(as_of, _year) -> dict:
    return {"committees": selectors.committee_figures(as_of)}


ROOM = Room(
    name="committees",
    nav=(
        NavLink(
            _("Committees"),
            "registry:committee_list",
            group="roster",
            current_for=("registry:committee_*", "registry:election_*"),
        ),
    ),
    home_sections=(sections.home_section,),
    organization_sections=(sections.organization_section,),
    urls="registry.committees.urls",
    import_kinds=(
        "registry.committees.imports.ElectionImporter",
        "registry.committees.imports.CommitteeMemberImporter",
    ),
    export_kinds={
        "committees": _("committees and terms"),
        "committee_members": _("members of committees"),
        "elections": _("committee elections"),
    },
    stats=(stats,),
    demo=(demo.load,),
)
