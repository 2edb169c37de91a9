"""What keeping in touch adds to acting on many members (registry/bulk, docs/domain.md#acting-on-many):
one contact recorded for each member selected — a meeting's worth of people — and the lost-touch list
as a list to select from. Named in this room's `Room.bulk_actions` / `bulk_sources`, so that the
registry offers them without importing outreach."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from outreach.contacts import selectors, services
from outreach.contacts.forms import ContactForm
from outreach.models import Contact
from registry.bulk.actions import BulkAction, SelectionSource
from registry.models import Member


class BulkContactForm(ContactForm):
    """The contact as its one-member form asks it, once for all: a meeting by default, made by the
    user, today."""

    def __init__(self, *args, user, **kwargs):
        initial = {
            "date": clock.today(),
            "channel": Contact.Channel.MEETING,
            "made_by": selectors.contact_maker_name(user),
        }
        super().__init__(*args, instance=Contact(), initial=initial, **kwargs)
        self.fields["date"].widget.attrs.setdefault("max", clock.today().isoformat())

    def options(self) -> dict:
        return {"data": {name: self.cleaned_data[name] for name in self.Meta.fields}}


def record_contact(*, member: Member, data: dict, actor) -> str:
    services.contact_create(member=member, data=data, actor=actor)
    return _("Contact on %(date)s recorded.") % {"date": data["date"].isoformat()}


def lost_touch_members(user, params) -> QuerySet[Member]:
    """The lost-touch list (/outreach/lost-touch/) as its filters read: no contact since the cutoff, or never."""
    _filter, rows = selectors.lost_touch_list(user, params)
    if isinstance(rows, QuerySet):  # sorted by a column: the same members
        return rows
    if not isinstance(rows, selectors.LostTouchList):  # a filter the page could not use: nothing
        return Member.objects.none()
    return Member.objects.filter(rows.member_scope).filter(
        Q(latest_contact__isnull=True) | Q(latest_contact__date__lt=rows.cutoff)
    )


RECORD_CONTACT = BulkAction(
    key="contact",
    label=gettext_lazy("Record one contact for each"),
    description=gettext_lazy(
        "Records the same contact (a meeting, a round of calls) for each member, which moves each one's "
        "latest contact on."
    ),
    run_one=record_contact,
    form_class=BulkContactForm,
    order=20,
)
LOST_TOUCH = SelectionSource(
    key="lost_touch", label=gettext_lazy("Lost touch"), url_name="outreach:lost_touch", members=lost_touch_members
)
