from django.shortcuts import render

from registry import extensions, selectors


def home(request):
    """The committee's (or a secretary's) first page: the headline figures of what they may see."""
    return render(request, "home.html", {
        "stats": selectors.statistics_for(user=request.user),
        "extra_sections": extensions.sections(extensions.home_sections, request),
    })
