"""Discipline (党纪处分): the decisions on members whose membership is held here, the register and its
import; on a member's page their decisions and whether 留党察看 takes their rights away today."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.discipline import demo, sections

ROOM = Room(
    name="discipline",
    nav=(
        NavLink(
            _("Discipline"),
            "registry:discipline_list",
            group="roster",
            current_for=("registry:discipline_*",),
            order=120,
        ),
    ),
    member_sections=(sections.member_section,),
    demo=(demo.load,),
    urls="registry.discipline.urls",
    import_kinds=("registry.discipline.imports.DisciplineImporter",),
    export_kinds={"discipline": _("discipline register")},
)
