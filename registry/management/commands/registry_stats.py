"""`manage.py registry_stats [--json] [--as-of YYYY-MM-DD]`: the registry's headline figures.

`--as-of` counts the dues figures (months unpaid, docs/lifecycle.md#months-unpaid) as on that day
instead of today, so that a sample's figures can be checked at its own date.

`--json` prints exactly one JSON object, `registry.figures.statistics.registry_figures()`; its shape is a
contract with scripts and dashboards (see tests/registry/test_registry_stats.py). Without it, a
table for people to read.
"""

import datetime
import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from branches.models import Chamber, Enterprise, Organization
from registry.figures.statistics import registry_figures
from registry.models import Member, Stage


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f}%" if whole else "—"


def table_rows(figures: dict) -> list[tuple[str, str]]:
    """(label, value) rows; sub-rows are indented by two spaces."""
    members, organizations = figures["members"], figures["organizations"]
    six_knowns = members["six_knowns"]
    rows = [
        (capfirst(Member._meta.verbose_name_plural), members["total"]),
        ("  " + _("full members"), members["full"]),
        ("  " + _("probationary members"), members["probationary"]),
    ]
    rows += [("  " + str(category.label), members["by_category"][category.value]) for category in Member.Category]
    rows += [
        ("  " + _("six knowns apply (not self-managed)"), six_knowns["applicable"]),
        (
            "  " + _("six knowns complete"),
            f"{six_knowns['complete']} ({_percent(six_knowns['complete'], six_knowns['applicable'])})",
        ),
        (capfirst(Organization._meta.verbose_name_plural), organizations["total"]),
    ]
    rows += [("  " + str(level.label), organizations["by_level"][level.value]) for level in Organization.Level]
    rows.append(("  " + _("branches in all (branch, joint, temporary)"), organizations["branches_in_all"]))
    if "development" in figures:
        rows.append((_("Candidates not yet admitted"), sum(figures["development"].values())))
        rows += [("  " + str(Stage(stage).label), count) for stage, count in figures["development"].items()]
    if "chambers" in figures:
        chambers, enterprises = figures["chambers"], figures["enterprises"]
        rows.append((capfirst(Chamber._meta.verbose_name_plural), chambers["total"]))
        for kind in Chamber.Kind:
            counts = chambers["by_kind"][kind.value]
            rows.append(("  " + str(kind.label), _("%(total)d, %(covered)d with a party organization") % counts))
        rows += [
            (capfirst(Enterprise._meta.verbose_name_plural), enterprises["total"]),
            ("  " + _("with their own (standalone) organization"), enterprises["with_own_organization"]),
        ]
    dues = figures["dues"]
    rows += [
        (_("Members by dues paid"), figures["members"]["total"]),
        ("  " + _("paid up"), dues["paid_up"]),
        ("  " + _("3 or more months unpaid"), dues["unpaid_3_months"]),
        ("  " + _("6 or more months unpaid"), dues["unpaid_6_months"]),
        ("  " + _("no ledger entry"), dues["unknown"]),
        ("  " + _("pays dues elsewhere"), dues["paying_elsewhere"]),
    ]
    if "movement" in figures:
        movement, balance = figures["movement"], figures["balance"]
        rows += [
            (_("Flowed out (self-managed, working elsewhere)"), movement["flowed_out"]),
            (_("Introduction letters waiting for a receipt"), movement["transfers_out_pending"]),
            (_("Former members"), movement["former_members"]),
            (
                _("Balance of %(year)d") % {"year": balance["year"]},
                _("%(start)d on 1 January + %(arrived)d arrived − %(left)d left = %(end)d") % balance,
            ),
            (
                _("Held here in %(year)d") % {"year": balance["year"]},
                _("%(start)d on 1 January + %(arrived)d in − %(left)d out = %(end)d") % figures["held_here"],
            ),
        ]
    return [(label, str(value)) for label, value in rows]


class Command(BaseCommand):
    help = "Prints the registry's headline figures: members, organizations, chambers, enterprises."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=("Print one JSON object (for scripts) instead of a table."),
        )
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="YYYY-MM-DD",
            help=("Count months of dues unpaid as on this day (default: today)."),
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help=(
                "The year of the balance (members at the start, arrivals, departures, at the end); default: this year."
            ),
        )

    def handle(self, *args, as_json=False, as_of=None, year=None, **options):
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(_("“%(value)s” is not a date: write it as 2026-11-27.") % {"value": as_of}) from None
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(
                _("“%(value)s” is not a year the registry can count: write it as 2025.") % {"value": year}
            )
        figures = registry_figures(as_of=day, year=year)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        rows = table_rows(figures)
        width = max(display_width(label) for label, _value in rows) + 2
        for label, value in rows:
            self.stdout.write(label + " " * (width - display_width(label)) + value)
