"""Which members an action touches, read again on the server from what the page sent: the list it
came from (`source`), that list's query string (`filter`), and either the ids ticked on the page
(`ids`) or every row that matches (`all=1`). Ids are only ever taken among the list's own rows for
this user — scoped through branches/access.py, filtered as the list is — never trusted as sent.
"""

from dataclasses import dataclass, field

from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import QueryDict

from branches.filtering import PRESENTATION, id_from
from registry.bulk.actions import BulkAction, SelectionSource, actions, sources
from registry.figures import worklists
from registry.lostcontact import selectors as lost_contact_selectors
from registry.members import selectors as member_selectors
from registry.models import Member

MAX_IDS = 2000  # ids read from one request: more than a page ever shows, fewer than a query can take
SHOWN = 50  # members named on the confirm page; the others are counted


@dataclass
class Selection:
    source: SelectionSource | None
    action: BulkAction | None
    members: QuerySet[Member]
    list_query: str = ""  # the list's query string, as the page sent it back
    everything: bool = False  # every row that matches, not the ids ticked
    ids: list[int] = field(default_factory=list)  # the ids ticked (when not everything)

    def unseen(self, count: int) -> int:
        """Ids sent that are not among the list's rows for this user (another branch's, gone since)."""
        return 0 if self.everything else len(self.ids) - count

    def list_params(self) -> QueryDict:
        return list_params(self.list_query)

    @property
    def list_url_query(self) -> str:
        return f"?{self.list_query}" if self.list_query else ""


def list_params(text: str) -> QueryDict:
    """The list's query string without its page (the page ticked on is not a filter)."""
    params = QueryDict(text or "", mutable=True)
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists()):
        raise BadRequest("a null character in the list's query string")  # as config/middleware.py refuses one
    for name in PRESENTATION:
        params.pop(name, None)
    return params


def selection(user, params) -> Selection:
    source = sources().get(params.get("source", ""))
    action = actions().get(params.get("action", ""))
    list_query = (params.get("filter") or "")[:2000]
    everything = params.get("all") == "1"
    ids = [] if everything else sorted({pk for value in params.getlist("ids")[:MAX_IDS] if (pk := id_from(value))})
    if source is None:
        return Selection(None, action, Member.objects.none())
    members = source.members(user, list_params(list_query))
    if not everything:
        members = members.filter(pk__in=ids)
    members = members.select_related("organization").order_by("organization__path", "name_sort", "pk")
    return Selection(source, action, members, list_query=list_query, everything=everything, ids=ids)


def size(selection: Selection) -> int:
    return selection.members.count()


def shown(selection: Selection) -> list[Member]:
    """The members the confirm page names (the first SHOWN, in the roster's order)."""
    return list(selection.members[:SHOWN])


def to_run(selection: Selection, limit: int) -> list[Member]:
    """The members to act on, read once (at most `limit` + 1: one more says there are too many)."""
    return list(selection.members[: limit + 1])


# --- the registry's lists --------------------------------------------------------------------------


def roster_members(user, params) -> QuerySet[Member]:
    """The roster (/members/) as its filters read."""
    return member_selectors.filtered_members(user, params)[1].order_by()


def lost_contact_members(user, params) -> QuerySet[Member]:
    """The members of the lost-contact cases (/lost-contact/) as its filters read (on the roster)."""
    _filter, cases = lost_contact_selectors.case_list(user, params)
    return member_selectors.members_visible_to(user).filter(pk__in=cases.order_by().values("member_id"))


def six_knowns_members(user, params) -> QuerySet[Member]:
    """The six knowns' work list (/six-knowns/worklist/) as its filters read: whose six knowns are
    incomplete — those a check-in link asks to complete their own record."""
    return worklists.six_knowns_worklist(user, worklists.parse_filters(params)).order_by()
