"""The annual appraisal of members (民主评议党员, ORGLIFE.md §3, docs/appraisal.md): a round per branch and
year with the days of its steps, each member's votes and grade (at most a third 优秀, probationary
members not graded), the outcome for 不合格 (限期改正, or a departure recorded as the member's movement);
the results as a list and a workbook, and the `appraisal` import kind; the member's grades on their
page. Its figures (registry/appraisal/figures.py, `appraisal_figures`) join registry_stats --json
under "organizational_life", which organizational life's room reports."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.appraisal import demo, sections

ROOM = Room(
    name="appraisal",
    nav=(NavLink(_("Appraisal"), "registry:appraisal_list", group="roster", current_for=("registry:appraisal_*",)),),
    member_sections=(sections.member_section,),
    urls="registry.appraisal.urls",
    import_kinds=("registry.appraisal.imports.AppraisalImporter",),
    export_kinds={"appraisal": _("appraisal results")},
    demo=(demo.load,),
)
