from django.shortcuts import render

from registry import extensions
from registry.figures import dashboard


def home(request):
    """The committee's (or a secretary's) first page: the headline figures of what they may see,
    each a link to exactly its records; a secretary's work lists first. Apps built on the registry
    add their sections through registry.extensions.home_sections."""
    context = dashboard.dashboard_for(request.user)
    context["extra_sections"] = extensions.sections(extensions.home_sections, request)
    return render(request, "home.html", context)
