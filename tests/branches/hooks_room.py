"""A room that brings an organization-page section, its own pages and an export kind's name, and
nothing else: test_room_hooks.py adds this module to settings.REGISTRY_ROOMS."""

from django.http import HttpResponse
from django.template import Template
from django.urls import path

from branches.rooms import Room


def organization_section(request, organization):
    return {"template": Template('<section id="hooked">{{ organization.name }} hooked</section>')}


def page(request):
    return HttpResponse("hooked page")


urlpatterns = [path("hooked/", page, name="hooked_page")]

ROOM = Room(
    name="hooked",
    organization_sections=(organization_section,),
    urls="tests.branches.hooks_room",
    export_kinds={"hooked_list": "挂钩清单"},
)
