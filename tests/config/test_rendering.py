"""The select boxes and inputs the registry's renderer writes in Python are the markup Django's
templates write, option for option: plain, grouped, several chosen, yes/no, a model's records, every
kind of input (with a value, none, attributes true and false), text that needs escaping, the roster's
filter form and a dues month sheet as a whole."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from branches.models import Organization
from config.rendering import QuickRenderer
from registry.dues.forms import MonthSheetForm
from registry.dues.selectors import month_sheet
from registry.members.filters import MemberFilter
from tests import factories


class Everything(forms.Form):
    plain = forms.ChoiceField(
        choices=[
            ("", "全部"),
            ("a", "甲"),
            ("b", "乙 <b>&\"'"),
            ("c", mark_safe("<i>丙</i>")),
            ("d", gettext_lazy("Valid")),
        ],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("城市", [("1", "福州"), ("2", "莆田")]), ("行业", [("3", "医疗")])]
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    yes_no = forms.NullBooleanField()
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("path"), required=False)
    disabled = forms.ChoiceField(
        choices=[("1", "一")], disabled=True, widget=forms.Select(attrs={"class": "wide", "data-x": 'q"'})
    )


class EveryInput(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"list": "notes", "placeholder": "补交 <\"&'>"}))
    number = forms.IntegerField(min_value=1990, required=False)
    decimal = forms.DecimalField(decimal_places=2, required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="隐藏 & <x>")
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "hidden": False}))
    tel = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}), required=False)
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=datetime.date(2026, 3, 1)
    )
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    agreed = forms.BooleanField(required=False)
    file = forms.FileField(required=False)
    off = forms.CharField(disabled=True, initial="不可改", required=False)


@pytest.mark.parametrize("data", [None, {"plain": "b", "grouped": "2", "several": ["x", "z"], "yes_no": "true"}])
def test_every_kind_of_select_box_is_written_as_djangos_templates_write_it(db, tree, data):
    organization = tree["putian"]
    if data is not None:
        data = {**data, "organization": str(organization.pk)}
    django_html = Everything(data, renderer=DjangoTemplates()).as_div()
    quick_html = Everything(data, renderer=QuickRenderer()).as_div()
    assert "<option" in quick_html and "selected" in quick_html and "&lt;b&gt;&amp;&quot;&#x27;" in quick_html
    assert quick_html == django_html


def test_the_rosters_filter_form_is_the_same_markup(db, tree, staff):
    for index in range(5):
        factories.make_enterprise(name=f"渲染企业{index}")
    params = {"organization": str(tree["putian"].pk), "category": "registered_mobile", "lost_contact": "false"}
    rendered = {}
    for renderer in (DjangoTemplates(), QuickRenderer()):
        form = MemberFilter(params, queryset=None, user=staff).form
        form.renderer = renderer
        rendered[type(renderer).__name__] = "".join(str(field) for field in form)
    assert rendered["QuickRenderer"] == rendered["DjangoTemplates"]
    assert rendered["QuickRenderer"].count("<option") > 10


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": 'a"<b>&',
            "number": "12x",
            "decimal": "3.5",
            "email": "x@y",
            "password": "秘",
            "search": "",
            "tel": "139",
            "date": "2026-13-01",
            "agreed": "on",
            "time": "25:00",
        },
    ],
)
def test_every_kind_of_input_is_written_as_djangos_templates_write_it(data):
    django_html = EveryInput(data, renderer=DjangoTemplates()).as_div()
    quick_html = EveryInput(data, renderer=QuickRenderer()).as_div()
    assert quick_html.count("<input") == 15 and "&lt;" in quick_html
    assert quick_html == django_html


def test_a_dues_month_sheet_is_the_same_markup(db, tree):
    members = [factories.make_payer(tree["fuzhou_1"], name=f"渲染党员{index}") for index in range(3)]
    rows = month_sheet(tree["fuzhou"], datetime.date(2026, 3, 1))
    data = {
        "paid_on": "2026-03-05",
        f"amount_{members[0].pk}": "十二",
        f"note_{members[0].pk}": '补交 "<&>"',
        f"amount_{members[1].pk}": "12.50",
    }
    rendered = {}
    for renderer in (DjangoTemplates(), QuickRenderer()):
        form = MonthSheetForm(data, rows=rows, renderer=renderer)
        form.is_valid()
        rendered[type(renderer).__name__] = "".join(str(field) for field in form)
    assert rendered["QuickRenderer"] == rendered["DjangoTemplates"]
    assert rendered["QuickRenderer"].count("<input") == 7
