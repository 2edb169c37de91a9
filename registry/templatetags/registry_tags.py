"""Showing personal data only to those who need it, and dates at the precision they are known."""

import datetime
import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branches import clock
from branches.filtering import PAGE, PAGE_SIZES, SORT, describe, page_size, sort_key
from branches.models import Organization
from branches.redirects import safe_next
from registry.members.masking import mask_field, mask_id_number, mask_phone
from spreadsheets.dates import format_partial_date

register = template.Library()


@register.simple_tag(takes_context=True)
def id_number(context, value):
    """The full ID number for those who keep records; 350***********1234 for reviewers."""
    return value if context.get("user_sees_personal_data") else mask_id_number(value)


@register.simple_tag(takes_context=True)
def phone(context, value):
    """The number as a tap-to-call link for those who keep records; masked (and no link) for reviewers."""
    if not value:
        return ""
    if not context.get("user_sees_personal_data"):
        return mask_phone(value)
    return format_html('<a href="tel:{}">{}</a>', "".join(c for c in value if c.isdigit() or c == "+"), value)


@register.simple_tag(takes_context=True)
def partial_date(context, member, field: str):
    """`{% partial_date member "joined" %}` → 2016-12-06, or 2016-12 when only the month is known.
    A birth date reads as its year alone for reviewers (masking.PERSONAL_FIELDS)."""
    value = getattr(member, field)
    if not context.get("user_sees_personal_data"):
        value = mask_field(field, value)
        if not isinstance(value, datetime.date):
            return value or ""
    return format_partial_date(value, getattr(member, f"{field}_precision", "day"))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced: pagination keeps the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def percent(part, whole):
    try:
        return f"{(100 * part / whole):.0f}%" if whole else "—"
    except (TypeError, ZeroDivisionError):
        return "—"


@register.filter
def share(part, whole) -> str:
    """`part` as a percentage of `whole`, written with a dot whatever the language: for CSS widths."""
    try:
        return f"{(100 * part / whole):.1f}" if whole else "0"
    except (TypeError, ZeroDivisionError):
        return "0"


@register.simple_tag
def days_left(movement):
    """Days until a letter expires, or until our receipt of a transfer in is due (negative: over)."""
    return movement.days_left(clock.today())


@register.filter
def days_or_overdue(days):
    """Days left until a deadline as a person reads them: 12, or "55 days overdue" (marked) once it
    has passed — never a negative number of days left; "—" when there is no date."""
    if days is None or days == "":
        return "—"
    if days >= 0:
        return days
    return format_html(
        '<span class="badge warn">{}</span>',
        ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {"days": -days},
    )


@register.filter
def days_or_ago(days):
    """Days left until the day from which a step may be taken: 12, or "55 days ago" once it has
    come (no lateness: nothing was due) — never a negative number of days left."""
    if days is None or days == "":
        return "—"
    if days >= 0:
        return days
    return ngettext("%(days)d day ago", "%(days)d days ago", -days) % {"days": -days}


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label, css: str = ""):
    """A column header that sorts the list by `key` (`?sort=key`, again: `?sort=-key`), with ▲/▼
    on the column the list is sorted by; back to the first page, the filters kept."""
    request = context["request"]
    name, descending = sort_key(request.GET)
    params = request.GET.copy()
    params.pop(PAGE, None)
    if name == key:
        params[SORT] = key if descending else f"-{key}"
        arrow, state = ("▼", "descending") if descending else ("▲", "ascending")
    else:
        params[SORT] = key
        arrow, state = "", "none"
    return format_html(
        '<th{} aria-sort="{}"><a class="sort" href="?{}" title="{}">{}<span class="arrow">{}</span></a></th>',
        format_html(' class="{}"', css) if css else "",
        state,
        params.urlencode(),
        _("Sort by this column"),
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def hidden_query(context, *skip: str):
    """The current query string as hidden inputs, but for `skip`: a GET form keeps the filters."""
    request = context["request"]
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((key, value) for key, values in request.GET.lists() if key not in skip for value in values),
    )


@register.simple_tag(takes_context=True)
def page_sizes(context):
    """[(size, chosen?)] for the pagination's page size choice."""
    current = page_size(context["request"].GET)
    return [(size, size == current) for size in PAGE_SIZES]


@register.filter
def amount(value) -> str:
    """7,978,000.00: an amount of yuan with thousands separators and two decimals, whatever the
    language's number format (Chinese groups no digits by default)."""
    if value in (None, ""):
        return "—"
    try:
        return f"{value:,.2f}"
    except (TypeError, ValueError):
        return str(value)


# A key no row has: reverse() fills it in once per URL name, and pk_url puts each key in its place.
_PK_MARKER = 2_147_483_647


@functools.cache
def _pk_url_parts(name: str) -> tuple[str, str]:
    """The URL of `name` for one key, without the script prefix, cut where the key goes."""
    url = reverse(name, args=[_PK_MARKER]).removeprefix(get_script_prefix())
    head, _marker, tail = url.partition(str(_PK_MARKER))
    return head, tail


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """{% url name pk %} for the rows of a long table: the URL is resolved once per name, not once per
    row (a thousand organizations, three links each, took 60 ms of the dues page in reverse())."""
    head, tail = _pk_url_parts(name)
    return f"{get_script_prefix()}{head}{int(pk)}{tail}"


@register.simple_tag
def page_numbers(page):
    """1 2 … 7 8 9 … 20: the first and last pages and those around the current one."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def balance_rows(table, captions, people_url, year, people_query):
    """The rows of a balance table (registry/movements/_balance.html): each organization, then the total,
    each figure a link to its people. Written here rather than in the template: the two tables of a
    thousand organizations are 40,000 cells, which the template engine renders in seconds. What every
    row repeats (the captions, the start of each figure's link) is worked out once."""
    link = f"{conditional_escape(people_url)}?year={conditional_escape(year)}&amp;figure="
    tail = conditional_escape(people_query)
    total_label = conditional_escape(_("Total"))
    columns = []  # (the cell's opening tag, its link up to the organization) per column
    for caption, cell in zip(captions, table[0][1] if table else (), strict=False):
        label = conditional_escape(caption)
        query = conditional_escape(cell.figure) + (f"&amp;kind={conditional_escape(cell.kind)}" if cell.kind else "")
        opening = f'<td data-label="{label}" class="sum">' if cell.total else f'<td data-label="{label}">'
        columns.append((opening, f'<a href="{link}{query}'))
    parts = []
    for organization, cells in table:
        if organization is None:
            parts.append(f'<tr class="total">\n    <th scope="row">{total_label}</th>')
            organization_query = ""
        else:
            parts.append(f'<tr>\n    <th scope="row">{conditional_escape(organization.name)}</th>')
            organization_query = f"&amp;organization={organization.pk}"
        for (opening, start), cell in zip(columns, cells, strict=False):
            if cell.value:
                parts.append(f'{opening}{start}{organization_query}{tail}">{cell.value}</a></td>')
            else:
                parts.append(f'{opening}<span class="muted">0</span></td>')
        parts.append("\n  </tr>\n")
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def filters_applied(filterset):
    """[(label, value in words)] of a list's FilterSet, for the "Filtered:" line (_applied.html)."""
    return describe(filterset) if hasattr(filterset, "form") else []


@register.simple_tag(takes_context=True)
def back_url(context, default: str) -> str:
    """The list a detail page was opened from (`?back=/members/?organization=3&sort=name`), when it
    is a path of this site; `default` (the unfiltered list) otherwise — never another site."""
    return safe_next(context["request"], context["request"].GET.get("back"), default)


@register.simple_tag(takes_context=True)
def organization_rows(context, organizations, members_url):
    """The rows of the organization list (branches/organization_list.html): a thousand organizations,
    six cells each, written here as balance_rows writes its table (the template engine took 80 ms).
    Each name a link to the organization (back to this list), each count a link to its members."""
    back = conditional_escape(quote(context["request"].get_full_path(), safe="/"))
    members_url = conditional_escape(members_url)
    labels = [
        conditional_escape(label)
        for label in (
            _("Organization"),
            _("Level"),
            _("Chamber"),
            _("Own members"),
            _("Members incl. below"),
            _("Six knowns complete"),
        )
    ]
    levels = {value: conditional_escape(label) for value, label in Organization.Level.choices}
    parts = []
    for organization in organizations:
        own, subtree = organization.own, organization.subtree
        chamber = organization.chamber.name if organization.chamber_id else "—"
        detail = pk_url("registry:organization_detail", organization.pk)
        pk = int(organization.pk)
        level = levels.get(organization.level) or conditional_escape(organization.level)
        parts.append(
            f'<tr>\n    <td data-label="{labels[0]}"><span class="indent" style="--indent: {int(organization.indent)}">'
            f'</span><a href="{detail}?back={back}">{conditional_escape(organization.name)}</a></td>\n'
            f'    <td data-label="{labels[1]}">{level}</td>\n'
            f'    <td data-label="{labels[2]}">{conditional_escape(chamber)}</td>\n'
            f'    <td data-label="{labels[3]}" class="num"><a href="{members_url}?organization={pk}&amp;below=exclude">'
            f"{int(own['total'])}</a></td>\n"
            f'    <td data-label="{labels[4]}" class="num"><a href="{members_url}?organization={pk}">'
            f"{int(subtree['total'])}</a></td>\n"
            f'    <td data-label="{labels[5]}" class="num">{int(subtree["complete"])}/{int(subtree["applicable"])} '
            f'<span class="muted">{percent(subtree["complete"], subtree["applicable"])}</span></td>\n  </tr>\n'
        )
    return mark_safe("".join(parts))  # every value above is escaped, or a number
