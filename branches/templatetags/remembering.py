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
language, today, the code) as for every remembered figure. Nothing of the person may be written in
it but what follows from their role and scope: no name, and no form's CSRF token (the token is
hidden from the part, so a form inside one would fail to post, loudly).
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
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(nodelist, [parser.compile_filter(bit) for bit in bits], figures)


class RememberNode(template.Node):
    def __init__(self, nodelist, parts, figures):
        self.nodelist, self.parts, self.figures = nodelist, parts, figures

    def render(self, context):
        request = context["request"]
        name, *parts = (part.resolve(context) for part in self.parts)

        def write():
            given = self.figures.resolve(context) if self.figures is not None else None
            with context.push(given or {}), context.push(csrf_token=None):
                return self.nodelist.render(context)

        user = request.user
        return remembered(
            f"part-{name}", user, write, access.role_of(user), request.get_full_path(), *parts, alone=True
        )
