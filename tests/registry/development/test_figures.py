"""Development figures: by stage on the dashboards with drill-down links, work-list counts that
match their pages, the summary tables, registry_stats --json's `development` key."""

import datetime
import io
import json

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook


def test_every_figure_links_to_exactly_that_many_candidates(client_for, staff, tree, make_candidate, today):
    for stage, organization in [
        ("applicant", "fuzhou_1"),
        ("applicant", "fuzhou_2"),
        ("activist", "fuzhou_1"),
        ("target", "putian"),
        ("probationary", "putian"),
    ]:
        make_candidate(tree[organization], stage=stage)
    client = client_for(staff)
    development = client.get("/").context["development"]
    assert development["figures"] == {"applicant": 2, "activist": 1, "target": 1}
    for tile in development["tiles"][:4]:
        assert client.get(tile.url).context["page"].paginator.count == tile.value
    rows = {row["organization"].name: row for row in development["rows"]}
    assert set(rows) == {"福州商会党总支", "莆田商会党支部"}
    for row in rows.values():
        for cell in row["cells"]:
            assert client.get(cell["url"]).context["page"].paginator.count == cell["value"]
    for worklist, count in development["worklists"]:
        page = client.get(reverse("registry:development_worklist", args=[worklist.key]))
        assert page.context["page"].paginator.count == count, worklist.key


def test_secretary_figures_are_their_subtree(client_for, secretary_b, tree, make_candidate):
    make_candidate(tree["fuzhou_1"])
    make_candidate(tree["putian"], stage="activist")
    development = client_for(secretary_b).get("/").context["development"]
    assert development["figures"] == {"applicant": 0, "activist": 1, "target": 0}


def test_work_lists_at_their_boundaries(client_for, staff, tree, make_candidate, today):
    from registry.development import worklists
    from registry.development.rules import add_years, earliest_start, latest_start

    # The boundaries as the rules count them (on a 1 July, "a month" from 31 May ends on 1 July).
    month_ago, year_ago = earliest_start(today, 1), latest_start(today, 12)
    make_candidate(tree["putian"], applied=month_ago - datetime.timedelta(days=1), talked=None)  # talk overdue
    make_candidate(tree["putian"], applied=month_ago, talked=None)  # a month today: not yet
    make_candidate(tree["putian"], stage="activist", activist=year_ago)  # a year today: ready
    make_candidate(
        tree["putian"], stage="activist", activist=year_ago + datetime.timedelta(days=1), applied=add_years(today, -2)
    )
    ending = make_candidate(
        tree["putian"], stage="probationary", admitted=add_years(today, -1) + datetime.timedelta(days=10)
    )
    over = make_candidate(
        tree["putian"], stage="probationary", admitted=add_years(today, -1) - datetime.timedelta(days=1)
    )
    counts = worklists.worklist_counts(staff, today)
    assert counts["talks_overdue"] == 1 and counts["activists_ready"] == 1
    assert counts["probations_ending"] == 1 and counts["probations_over"] == 1
    assert counts["approvals_waiting"] == 2 and counts["approvals_overdue"] == 2
    assert ending.pk != over.pk


def test_summary_and_registry_stats(client_for, staff, tree, make_candidate):
    make_candidate(tree["putian"], stage="target")
    client = client_for(staff)
    assert "发展党员" in client.get(reverse("registry:summary")).content.decode()
    workbook = load_workbook(io.BytesIO(client.get(reverse("registry:summary_export")).content))
    assert "发展党员" in workbook.sheetnames
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    assert json.loads(out.getvalue())["development"] == {"applicant": 0, "activist": 0, "target": 1}
