"""Issue 25 "done when": on the demo (seeded once for the session and shared, `demo_db`) every check of
every table holds for the demo's year, and the tables count what the demo holds."""

from branches import clock
from registry.statistics import layouts, selectors


def test_every_check_holds_on_the_demo(demo_db):
    report = selectors.annual_report_json(clock.today().year)
    assert [check for check in report["checks"] if not check["holds"]] == []
    assert len(report["checks"]) > 60
    assert report["T1"]["16"]["A"] == report["T2"]["1"]["A"] > 50
    assert report["T24"]["1"]["A"] > 10 and report["T-F"]["1"]["A"] > 100
    # The demo's mobile members come from 福建 (their origin address); those who flowed out went elsewhere.
    rows = {label: row for row, label in layouts.T_F2.rows}
    assert report["T-F2"][rows["福建"]]["A"] > 100 and report["T-F2"]["1"]["B"] == report["T-F"]["3"]["A"]
