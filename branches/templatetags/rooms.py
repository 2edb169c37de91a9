"""`{% show_section section %}`: a section a room added to a page (branches/rooms.py), rendered
with its own template. The template sees the section's values by their names (`member_tiles`) and
the whole dict as `section` (`section.figures`), as an inclusion tag's template would."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def show_section(context, section: dict) -> str:
    chosen = section["template"]
    if not callable(getattr(chosen, "render", None)):  # a name, not a template already loaded
        chosen = context.template.engine.get_template(chosen)
    chosen = getattr(chosen, "template", chosen)  # the engine's Template inside a backend's
    with context.push(**section, section=section):
        return chosen.render(context)
