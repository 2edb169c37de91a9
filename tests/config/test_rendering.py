"""The select boxes the registry's renderer writes in Python are the markup Django's templates
write, option for option: plain, grouped, several chosen, yes/no, a model's records, text that
needs escaping, and the roster's filter form as a whole."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from branches.models import Organization
from config.rendering import QuickSelectRenderer
from registry.members.filters import MemberFilter
from tests import factories


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "甲"), ("b", "乙 <b>&\"'")], required=False)
    grouped = forms.ChoiceField(choices=[("", "—"), ("城市", [("1", "福州"), ("2", "莆田")]), ("行业", [("3", "医疗")])])
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")])
    yes_no = forms.NullBooleanField()
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("path"), required=False)
    disabled = forms.ChoiceField(choices=[("1", "一")], disabled=True, widget=forms.Select(attrs={"class": "wide", "data-x": 'q"'}))


@pytest.mark.parametrize("data", [None, {"plain": "b", "grouped": "2", "several": ["x", "z"], "yes_no": "true"}])
def test_every_kind_of_select_box_is_written_as_djangos_templates_write_it(db, tree, data):
    organization = tree["putian"]
    if data is not None:
        data = {**data, "organization": str(organization.pk)}
    django_html = Everything(data, renderer=DjangoTemplates()).as_div()
    quick_html = Everything(data, renderer=QuickSelectRenderer()).as_div()
    assert "<option" in quick_html and "selected" in quick_html and "&lt;b&gt;&amp;&quot;&#x27;" in quick_html
    assert quick_html == django_html


def test_the_rosters_filter_form_is_the_same_markup(db, tree, staff):
    for index in range(5):
        factories.make_enterprise(name=f"渲染企业{index}")
    params = {"organization": str(tree["putian"].pk), "category": "registered_mobile", "lost_contact": "false"}
    rendered = {}
    for renderer in (DjangoTemplates(), QuickSelectRenderer()):
        form = MemberFilter(params, queryset=None, user=staff).form
        form.renderer = renderer
        rendered[type(renderer).__name__] = "".join(str(field) for field in form)
    assert rendered["QuickSelectRenderer"] == rendered["DjangoTemplates"]
    assert rendered["QuickSelectRenderer"].count("<option") > 10
