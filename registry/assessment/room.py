"""The committee's yearly assessment of its branches (党建考评, docs/assessment.md): a scheme per year,
items computed from the records and scored by hand, totals, grades and ranks, closing that freezes
them, the secretary's annual report; registry_stats --json counts each year's branches per grade
("assessment")."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.assessment import demo, selectors


def stats(as_of, _year) -> dict:
    return {"assessment": selectors.assessment_figures(as_of)}


ROOM = Room(
    name="assessment",
    nav=(
        NavLink(
            _("Assessment of branches"),
            "registry:assessment_index",
            group="figures",
            current_for=("registry:assessment_*",),
        ),
    ),
    urls="registry.assessment.urls",
    export_kinds={"assessment": _("assessment of branches"), "annual_report": _("annual report of a secretary")},
    stats=(stats,),
    demo=(demo.load,),
)
