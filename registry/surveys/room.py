"""Survey rounds: what the branches counted, reconciled with the roster; on the home page the
latest round and, for a secretary, its gaps among the work lists."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.surveys import sections

ROOM = Room(
    name="surveys",
    nav=(NavLink(_("Survey"), "registry:survey_list", group="figures", current_for=("registry:survey_*",), order=30),),
    home_worklists=(sections.home_worklist,),
    home_sections=(sections.home_section,),
    import_kinds=("registry.surveys.imports.SurveyCountImporter",),
)
