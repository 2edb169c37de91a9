"""What the keeping-in-touch demos share (each room's part lives in its own `demo` module, loaded in
order by outreach/contacts/demo.py): the demo's members and organizations, and seeded draws. Every
part draws from its own generator, seeded from SEED and the part's name, so that the parts do not
shift each other's draws.
"""

import datetime

from branches.models import Organization
from fixtures import demo
from registry.models import Member

SEED = f"{demo.SEED}:outreach"

COMMITTEE_VISITORS = (
    "林国栋（党委书记）",
    "陈建华（党委副书记）",
    "黄志明（党委委员）",
    "郑秀英（党委委员）",
    "吴振兴（党委委员）",
)


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def day_between(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def demo_members(as_of: datetime.date) -> list[Member]:
    from registry.management.commands.seed_demo import build_plan

    numbers = [row["id_number"] for row in build_plan(as_of).members]
    return list(Member.objects.filter(id_number__in=numbers).select_related("organization").order_by("id_number"))


def in_year(month: int, day: int, start: datetime.date, end: datetime.date) -> datetime.date:
    """The day of the year window start..end that falls on month/day (the later one if two do)."""
    later = datetime.date(end.year, month, day)
    return later if later <= end else datetime.date(end.year - 1, month, day)


def demo_organizations() -> list[Organization]:
    """The demo's organizations, in the order fixtures/demo.py lists them (the committee first)."""
    organizations = {
        o.name: o for o in Organization.objects.filter(name__in=[spec.name for spec in demo.ORGANIZATIONS])
    }
    return [organizations[spec.name] for spec in demo.ORGANIZATIONS if spec.name in organizations]


def made_by(designated, member) -> str:
    return designated.get(member.organization_id) or member.organization.secretary_name or "支部书记"
