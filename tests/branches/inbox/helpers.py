from registry.checkin import services as checkin_services
from tests import factories


def arrival(organization, name="新来的党员"):
    """A newcomer registered from the poster, waiting in the check-in queue: a reminder of the
    check-in room (Room.inbox) for whoever keeps `organization`."""
    return checkin_services.arrival_submit(
        organization=organization,
        address="192.0.2.9",
        data={
            "name": name,
            "id_number": factories.make_id_number(),
            "joined": "2010-07",
            "status": "full",
            "origin_organization": "中共某某村委员会",
            "phone": "13800001111",
        },
    )
