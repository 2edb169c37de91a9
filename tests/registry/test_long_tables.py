"""The long tables of a thousand organizations (dues, organizations, six knowns, the balance): their
links resolved once per URL name (registry_tags.pk_url), the balance's rows written in one tag
(registry_tags.balance_rows): the same links as {% url %}, every value escaped."""

from types import SimpleNamespace

from django.urls import reverse, set_script_prefix
from django.utils import translation

from registry.movements.balance import Cell
from registry.templatetags.registry_tags import balance_rows, pk_url


def test_pk_url_is_the_url_tag_resolved_once_per_name():
    for name in ("registry:organization_detail", "registry:dues_sheet", "registry:dues_ledger_export"):
        for pk in (1, 42, 2_147_483_646):
            assert pk_url(name, pk) == reverse(name, args=[pk])
    set_script_prefix("/registry/")  # behind a proxy under a path: the prefix of the request, not the first one
    try:
        assert pk_url("registry:organization_detail", 7) == reverse("registry:organization_detail", args=[7])
        assert pk_url("registry:organization_detail", 7).startswith("/registry/organizations/7")
    finally:
        set_script_prefix("/")


def test_balance_rows_link_each_figure_to_its_people_and_escape_every_value():
    branch = SimpleNamespace(pk=5, name="<b>一支部</b>")
    table = [
        (branch, [Cell(3, "start", "", 5), Cell(2, "arrived", "admitted", 5), Cell(0, "arrived", "", 5, total=True)]),
        (None, [Cell(3, "start"), Cell(2, "arrived", "admitted"), Cell(0, "arrived", "", total=True)]),
    ]
    with translation.override("zh-hans"):
        html = balance_rows(table, ["1月1日在册", "增加 · <发展>", "增加"], "/balance/people/", 2026, "&balance=held")
    rows = html.split("</tr>")
    assert '<th scope="row">&lt;b&gt;一支部&lt;/b&gt;</th>' in rows[0] and "<b>" not in html
    assert (
        '<td data-label="增加 · &lt;发展&gt;"><a href="/balance/people/?year=2026&amp;figure=arrived&amp;kind=admitted'
        '&amp;organization=5&amp;balance=held">2</a></td>'
    ) in rows[0]
    assert '<td data-label="增加" class="sum"><span class="muted">0</span></td>' in rows[0]
    assert '<tr class="total">' in rows[1] and "合计" in rows[1] and "organization=" not in rows[1]
    assert 'href="/balance/people/?year=2026&amp;figure=start&amp;balance=held">3</a>' in rows[1]
