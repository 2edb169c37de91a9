"""The filter of the lost-touch list (django-filter): each query parameter read through a form
field, so that a value the page cannot use is said on the page instead of reaching the database.
Organization choices are already scoped to the user."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Organization
from outreach.filtering import OrganizationFilter, ScopedFilterSet, cleaned_value
from registry.models import Member

MAX_LOST_TOUCH_DAYS = 3650  # ten years: the longest silence the lost-touch list asks about
DAYS_MESSAGE = _("Enter a number of days from 1 to 3650.")


class DaysField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_LOST_TOUCH_DAYS)
        kwargs.setdefault(
            "error_messages", {"invalid": DAYS_MESSAGE, "min_value": DAYS_MESSAGE, "max_value": DAYS_MESSAGE}
        )
        super().__init__(**kwargs)


class DaysFilter(django_filters.Filter):
    field_class = DaysField


class LostTouchFilter(ScopedFilterSet):
    """How long without contact, and under which organization. The lost-touch list is two
    index-driven parts rather than one queryset (selectors.LostTouchList): the selector builds it
    from these cleaned values instead of filtering a queryset."""

    days = DaysFilter(label=_("Days without contact"), method="keep")
    organization = OrganizationFilter(prefix="organization__")

    class Meta:
        model = Member
        fields = ["days", "organization"]

    def __init__(self, *args, default_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_days = default_days

    @property
    def days_shown(self) -> int:
        return cleaned_value(self, "days", self.default_days)

    @property
    def organization_shown(self) -> Organization | None:
        return cleaned_value(self, "organization")

    def keep(self, queryset, name, value):
        return queryset
