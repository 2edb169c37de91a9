"""A secretary's roster with mistakes, imported through the pages in a real Chromium."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories


def test_upload_with_errors_fix_the_error_workbook_import_again_and_confirm(
    page, live_server, logged_in, staff, tree, tmp_path
):
    good = [
        [
            "林春生",
            factories.make_id_number(),
            "莆田商会党支部",
            "在册流动党员",
            "正式党员",
            "2010-07-01",
            "13900000001",
        ]
    ]
    bad_id = "110105194912310021"  # wrong check digit: must end in X
    bad = [["黄秋月", bad_id, "莆田商会党支部", "流动", "正式", "2012.3", "13900000002"]]
    first = tmp_path / "花名册.xlsx"
    first.write_bytes(factories.member_workbook(good + bad, title="莆田商会流动党员花名册"))
    logged_in(page, live_server, staff, "/imports/new/")
    page.select_option("select[name=kind]", "members")
    page.set_input_files("input[name=file]", str(first))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    expect(page.locator("td[data-count=invalid]")).to_have_text("1")
    expect(page.locator("#error-table")).to_contain_text(bad_id)
    expect(page.locator("#error-table")).to_contain_text("校验")

    with page.expect_download() as download_info:
        page.locator("#download-errors").click()
    errors_path = tmp_path / "errors.xlsx"
    download_info.value.save_as(errors_path)
    workbook = load_workbook(errors_path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "错误说明"
    assert sheet.cell(row=2, column=1).value == "黄秋月"
    # The secretary corrects the check digit and imports the corrected sheet with the good row.
    sheet.cell(row=2, column=header.index("公民身份号码") + 1).value = bad_id[:-1] + "X"
    sheet.delete_cols(len(header))
    fixed = tmp_path / "花名册_改.xlsx"
    workbook.save(fixed)

    page.goto(f"{live_server.url}/imports/new/")
    page.set_input_files("input[name=file]", str(fixed))
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("td[data-count=invalid]")).to_have_text("0")
    expect(page.locator("td[data-count=new]")).to_have_text("1")
    page.locator("form.confirm button[type=submit]").click()
    expect(page.locator("#import-status")).to_have_attribute("data-state", "done")

    page.goto(f"{live_server.url}/members/?q=黄秋月")
    expect(page.locator("table.list")).to_contain_text("黄秋月")


def test_progress_updates_by_itself_while_the_worker_checks(
    page, live_server, logged_in, staff, tree, tmp_path, settings
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(
        factories.member_workbook(
            [
                [
                    "郑国平",
                    factories.make_id_number(),
                    "莆田商会党支部",
                    "在册流动党员",
                    "正式党员",
                    "2011-05-01",
                    "13900000003",
                ]
            ]
        )
    )
    logged_in(page, live_server, staff, "/imports/new/")
    page.set_input_files("input[name=file]", str(roster))
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#import-status")).to_have_attribute("data-state", "queued")
    expect(page.locator("#import-progress")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # Nobody reloads the page: its own polling notices the check has finished.
    expect(page.locator("#import-status")).to_have_attribute("data-state", "preview", timeout=15000)
    expect(page.locator("td[data-count=new]")).to_have_text("1")
