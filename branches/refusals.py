"""A service's refusal (a ValidationError raised inside its transaction, nothing written) shown on
the form the user sent: each message next to its field where the form has that field, the rest
above the form."""

from django import forms
from django.core.exceptions import ValidationError


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    current_version = getattr(error, "current_version", None)  # a StaleEdit (branches.versions)
    if current_version is not None and hasattr(form, "reread"):
        form.reread(current_version)
    if hasattr(error, "error_dict"):
        # the ValidationErrors themselves, not their messages: each keeps its code (form.has_error(field, code))
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
