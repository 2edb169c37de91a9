from django.shortcuts import render

from branches import rooms


def home(request):
    """The committee's (or a secretary's) first page: the headline figures of what they may see,
    each a link to exactly its records; a secretary's work lists first. Every card is a section a
    room adds (Room.home_worklists, Room.home_sections in branches/rooms.py), in the rooms' order."""
    return render(
        request,
        "home.html",
        {
            "worklists": rooms.sections("home_worklists", request),
            "sections": rooms.sections("home_sections", request),
        },
    )
