"""A service's refusal (a ValidationError raised inside its transaction, nothing written) shown on
the form the user sent: each message next to its field where the form has that field, the rest
above the form."""

from django import forms
from django.core.exceptions import ValidationError


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
