"""What a browser would send back from a rendered form: every field with the value it shows."""

from django import forms


def form_as_read(response, form_name: str = "form") -> dict:
    """The POST data of the form in `response.context[form_name]` as rendered, hidden fields
    (the version) included; change some of it and post it to act as a person would."""
    form = response.context[form_name]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.NullBooleanField):
            data[field.html_name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field.field, forms.BooleanField):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[field.html_name] = ["" if item is None else str(item) for item in value]
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data
