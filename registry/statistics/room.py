"""The annual party statistics (党内统计年报, docs/statistics.md): the form's tables filled from the
records for an organization and everything below it, every figure a link to its records, every check
shown; registry_stats --json --year carries the whole registry's as "annual_report"."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_those_who_change, for_those_who_see_everything
from registry.statistics import selectors


def stats(_as_of, year) -> dict:
    return {"annual_report": selectors.annual_report_json(year)}


def _visible(request) -> bool:
    return for_those_who_see_everything(request) or for_those_who_change(request)


ROOM = Room(
    name="statistics",
    nav=(
        NavLink(
            _("Annual statistics"),
            "registry:statistics",
            group="figures",
            current_for=("registry:statistics_*",),
            visible=_visible,
        ),
    ),
    urls="registry.statistics.urls",
    export_kinds={"statistics": _("annual statistics"), "statistics_cell": _("annual statistics: a figure's list")},
    stats=(stats,),
)
