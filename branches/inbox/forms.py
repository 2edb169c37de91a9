from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branches.inbox.models import InboxState


class DigestForm(forms.Form):
    """The user's own choice: an e-mail digest daily, weekly or none, and the address it goes to."""

    digest = forms.ChoiceField(label=_("E-mail digest"), choices=InboxState.Digest.choices, widget=forms.RadioSelect)
    email = forms.EmailField(label=_("E-mail address"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("digest") not in (None, InboxState.Digest.NONE) and not data.get("email"):
            raise ValidationError({"email": _("A digest needs an e-mail address to go to.")})
        return data
