"""Development: applicants, activists, targets and probationary members in the development
ledger, step by step; on the home page the candidates by stage and the work lists."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.development import sections

ROOM = Room(
    name="development",
    nav=(
        NavLink(
            _("Development"),
            "registry:candidate_list",
            group="roster",
            current_for=("registry:candidate_*", "registry:development_*", "registry:notice_print"),
        ),
    ),
    home_sections=(sections.home_section,),
    inbox=(sections.inbox_reminders,),
    import_kinds=("registry.development.imports.DevelopmentImporter",),
)
