"""The open pages' forms and the secretary's decision form. Every typed value goes through the
import's parsers (registry/imports/values.py, spreadsheets/values.py), so that a person on a phone
and a spreadsheet are held to the same rules (docs/spreadsheets.md#values)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from branches import clock
from registry.checkin.fields import CHECKIN_FIELDS, confirms, current_value, typed_text
from registry.idnumbers import birth_date_from_id
from registry.imports.values import ethnicity_parser, id_number_parser, phone_parser
from registry.members.imports import GENDER_PARSE, STATUS_PARSE
from registry.members.partial_dates import PartialDateField
from registry.models import PARTIAL_DATES, Member
from spreadsheets.dates import format_partial_date
from spreadsheets.errors import CellError
from spreadsheets.values import is_blank, person_name_parser, text_parser


def _max(field: str) -> int:
    return Member._meta.get_field(field).max_length


class ParsedForm(forms.Form):
    """Text fields, each read by a cell parser: a CellError's message is the field's error. (Dates
    known to the day or the month are PartialDateFields, which read them with the same parser.)"""

    parsers: dict = {}

    def clean(self):
        cleaned = super().clean()
        for name, parse in self.parsers.items():
            raw = cleaned.get(name, "")
            if is_blank(raw):
                cleaned[name] = None
                continue
            try:
                cleaned[name] = parse(raw)
            except CellError as error:
                self.add_error(name, error.message)
        return cleaned


def _text(label, max_length=200, required=False, **attrs):
    return forms.CharField(
        label=label, max_length=max_length, required=required, strip=True, widget=forms.TextInput(attrs=attrs)
    )


class CheckinForm(ParsedForm):
    """The member's own six knowns, shown as the record holds them."""

    parsers = {field: parse for field, (_label, parse) in CHECKIN_FIELDS.items() if field not in PARTIAL_DATES}

    def __init__(self, *args, member: Member, **kwargs):
        initial = {field: current_value(member, field) for field in CHECKIN_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.member = member
        for field, (label, _parse) in CHECKIN_FIELDS.items():
            if field in PARTIAL_DATES:
                self.fields[field] = PartialDateField(label=label)
                continue
            attrs = {"inputmode": "tel", "autocomplete": "tel"} if field == "phone" else {}
            self.fields[field] = _text(label, **attrs)

    def changes(self) -> dict:
        """{field: {"before": text, "after": text}} for the fields the member changed."""
        found = {}
        for field in CHECKIN_FIELDS:
            before, after = current_value(self.member, field), self.cleaned_data.get(field)
            if not confirms(field, before, after):
                found[field] = {"before": typed_text(field, before), "after": typed_text(field, after)}
        return found


# The arrival form: the roster's fields a newcomer knows, as the import reads them.
ARRIVAL_PARSERS = {
    "name": person_name_parser(_max("name")),
    "id_number": id_number_parser,
    "gender": GENDER_PARSE,
    "ethnicity": ethnicity_parser,
    "status": STATUS_PARSE,
    "origin_organization": text_parser(_max("origin_organization")),
    "origin_address": text_parser(_max("origin_address")),
    "work_address": text_parser(_max("work_address")),
    "occupation": text_parser(_max("occupation")),
    "employer": text_parser(150),
    "phone": phone_parser,
}


class ArrivalForm(ParsedForm):
    parsers = ARRIVAL_PARSERS

    name = _text(_("Name"), 50, required=True, autocomplete="name")
    id_number = _text(_("Citizen ID number"), 30, required=True, autocomplete="off")
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", "—"), ("男", "男"), ("女", "女")])
    ethnicity = _text(_("Ethnicity"), 20, placeholder="汉族")
    joined = PartialDateField(label=_("Joined the party (year and month)"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=[("正式党员", "正式党员"), ("预备党员", "预备党员")])
    origin_organization = _text(_("Origin party organization (where your membership is held)"), 150, required=True)
    origin_address = _text(_("Origin address"))
    left_home = PartialDateField(label=_("Left home (year and month)"))
    work_address = _text(_("Work address"))
    occupation = _text(_("Occupation"), 100)
    employer = _text(_("Employer"), 150)
    phone = _text(_("Phone"), 30, required=True, inputmode="tel", autocomplete="tel")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The rules between fields are Member.clean()'s own, as in the import: the birth date and
        # gender the ID number carries, joining after birth, the status and its dates.
        member = Member(**self.member_data(cleaned), category=Member.Category.REGISTERED_MOBILE)
        member.birth_date = birth_date_from_id(member.id_number)  # as the import and the services fill it
        try:
            member.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        if cleaned.get("joined") and cleaned["joined"].date > clock.today():
            self.add_error("joined", _("The date of joining the party cannot be in the future."))
        if cleaned.get("left_home") and cleaned["left_home"].date > clock.today():
            self.add_error("left_home", _("The date of leaving home cannot be in the future."))
        return cleaned

    @staticmethod
    def member_data(cleaned: dict) -> dict:
        """The member fields (no organization, no employer) from the cleaned values."""
        data = {}
        for field in (
            "name",
            "id_number",
            "gender",
            "ethnicity",
            "status",
            "origin_organization",
            "origin_address",
            "work_address",
            "occupation",
            "phone",
        ):
            if cleaned.get(field) is not None:
                data[field] = cleaned[field]
        for field in ("joined", "left_home"):
            value = cleaned.get(field)
            if value is not None:
                data[field], data[f"{field}_precision"] = value.date, value.precision
        return data

    def stored_data(self) -> dict:
        """What the submission keeps: texts, dates as the registry writes them."""
        data = {}
        for field, value in self.cleaned_data.items():
            if value is None:
                continue
            data[field] = format_partial_date(value.date, value.precision) if hasattr(value, "precision") else value
        return data
