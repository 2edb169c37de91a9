"""`{% remember "name" part… from figures %} … {% endremember %}`: a part of a page written once and
given again, as written, while nothing it was written from has changed (branches/remembered.py;
docs/operations.md#remembered-figures).

The committee's tables of a thousand organizations (the organization list, the dues, the year's
balance, the coverage, the six knowns) cost a worker 50 to 150 ms to write on every visit, even
when their figures are remembered: the figures are unpickled (a thousand organizations with their
counts) and every row written again. The part remembered is the HTML itself.

`figures` is what the part is written from, given by the view as a function (the template engine
calls it): it is called inside the part, only when the part is written, and its keys are the part's
variables. Its tables (and those of every query the part makes) are what the part depends on.

The part is kept for the role in force (not only the view the figures are kept for: a reviewer's
rows have no edit links), the page's path and query, and the parts named; the rest (the scope, the
language, today, the code) as for every remembered figure. `any_query` after the parts: the part is
the same whatever the query beside what the parts name — the roster's filter fields, the same for
every search and every page (`form|bound_values:"q"`, the values of its fields but the search's).
Nothing of the person may be written in it but what follows from their role and scope: no name, and
no form's CSRF token (the token is hidden from the part, so a form inside one would fail to post,
loudly).
"""

from django import template

from branches import access
from branches.remembered import remembered

register = template.Library()


@register.tag
def remember(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% remember %} takes a name")
    figures = None
    if len(bits) >= 3 and bits[-2] == "from":
        figures = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    any_query = len(bits) >= 2 and bits[-1] == "any_query"
    if any_query:
        bits = bits[:-1]
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, [parser.compile_filter(bit) for bit in bits], figures, any_query)


@register.filter
def bound_values(form, left_out: str = "") -> tuple:
    """(name, its values in the query) of each field of a bound form but those `left_out` (names
    separated by commas): what the form's fields are written from."""
    out, data = set(left_out.split(",")), form.data
    if not hasattr(data, "getlist"):  # an unbound form's {}, or a plain dict
        return tuple((name, data.get(name)) for name in form.fields if name not in out)
    return tuple((name, tuple(data.getlist(name))) for name in form.fields if name not in out)


class RememberNode(template.Node):
    def __init__(self, nodelist, parts, figures, any_query=False):
        self.nodelist, self.parts, self.figures, self.any_query = nodelist, parts, figures, any_query

    def render(self, context):
        request = context["request"]
        name, *parts = (part.resolve(context) for part in self.parts)

        def write():
            given = self.figures.resolve(context) if self.figures is not None else None
            with context.push(given or {}), context.push(csrf_token=None):
                return self.nodelist.render(context)

        user = request.user
        return remembered(
            f"part-{name}",
            user,
            write,
            access.role_of(user),
            request.path if self.any_query else request.get_full_path(),
            *parts,
            alone=True,
        )
