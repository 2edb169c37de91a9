"""Forms for chambers, enterprises and organizations, with the same validators as imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.creditcodes import normalize_credit_code
from branches.filtering import RecordsField
from branches.models import Chamber, Enterprise, Organization
from branches.phones import normalize_phone
from branches.versions import VersionedForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChamberForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Chamber
        fields = ["name", "kind", "parent", "home_region", "supervising_department", "established"]
        widgets = {"established": DATE_WIDGET}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Chamber.objects.exclude(pk=self.instance.pk)


class EnterpriseForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "chamber", "industry", "address", "joined_chamber", "party_members_reported"]
        widgets = {"joined_chamber": DATE_WIDGET}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].max_length = 30
        self.fields["credit_code"].widget.attrs["maxlength"] = 30

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data.get("credit_code", ""))


class OrganizationForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "level",
            "parent",
            "chamber",
            "host_enterprises",
            "formation",
            "established",
            "plaque_granted",
            "secretary_name",
            "secretary_phone",
            "letter_reference",
        ]
        widgets = {
            "established": DATE_WIDGET,
            "plaque_granted": DATE_WIDGET,
            "host_enterprises": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"host_enterprises": RecordsField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parents = access.changeable_organizations(user).order_by("path")
        if self.instance.pk:
            # Neither itself nor anything below it can become its parent: that would be a loop.
            parents = parents.exclude(access.subtree_filter(self.instance))
        self.fields["parent"].queryset = parents
        root = access.scope_root(user)
        if root is not None:
            self.fields["parent"].required = True
            if self.instance.pk == root.pk:
                # A secretary (or a committee's staff) cannot move their own organization out of (or within) the tree.
                self.fields["parent"].disabled = True
        self.fields["host_enterprises"].queryset = Enterprise.objects.order_by("name")
        self.fields["host_enterprises"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")

    def clean_secretary_phone(self):
        phone = self.cleaned_data.get("secretary_phone", "")
        return normalize_phone(phone) if phone else ""


# --- logins (the roles page) -----------------------------------------------------------------


class _RoleFields(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("The person's full name, as written in Chinese (e.g. 林秀英).")
    )
    role = forms.ChoiceField(label=_("Role"))
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_(
            "A branch secretary: the organization they keep (and those below it). Staff or a reviewer: "
            "their committee, when the registry serves several (empty: every organization)."
        ),
    )

    def __init__(self, *args, roles, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        # The organizations the person giving the role sees (staff of one committee: its own).
        organizations = Organization.objects.all() if organizations is None else organizations
        self.fields["organization"].queryset = organizations.order_by("path")


class _NewPassword(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", _("The two passwords differ. Type the same password twice."))
        return cleaned


class UserCreateForm(_RoleFields, _NewPassword):
    username = forms.CharField(
        label=_("Login name"), max_length=150, help_text=_("Letters, digits and @ . + - _ only, e.g. linxiuying.")
    )
    field_order = ["name", "username", "role", "organization", "password", "password_again"]

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["username"].strip()
        get_user_model().username_validator(username)
        return username


class UserChangeForm(_RoleFields):
    pass


class PasswordResetForm(_NewPassword):
    pass
