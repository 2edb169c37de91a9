"""Benchmark of the liaison letters and papers. Not a test: run it by hand.

    .venv/bin/python bench/letters_pdf.py

Loads the demo into a throwaway SQLite file, then prints how long these take: seed_demo as a
whole and its certificates/letters part; drafting a half year's letters for every home
organization (without writing); writing them (letters_generate); one letter as PDF; the half
year's letters in one PDF; a reverse issuance request as PDF.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label, function, rows):
    start = time.perf_counter()
    result = function()
    rows.append((label, time.perf_counter() - start))
    return result


def main():
    directory = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from branches import clock
    from outreach.certificates.demo import load_demo
    from outreach.letters import services
    from outreach.letters.drafting import drafts_for
    from outreach.models import LiaisonLetter, ReverseIssuanceRequest
    from printing.pdf import render_pdf, render_pdf_papers
    from registry.management.commands.seed_demo import build_plan, load_plan

    rows = []
    timed("seed_demo: members and organizations", lambda: load_plan(build_plan(clock.today())), rows)
    timed("seed_demo: certificates, requests, letters", lambda: load_demo(clock.today()), rows)
    drafts = timed("draft a half year (no writes)", lambda: drafts_for(2026, 1), rows)
    LiaisonLetter.objects.filter(year=2026, half=1).delete()
    timed(
        f"letters_generate ({len(drafts)} letters written)",
        lambda: services.letters_generate(year=2026, half=1, actor=None),
        rows,
    )
    letters = list(
        LiaisonLetter.objects.filter(year=2026, half=1).select_related("committee").order_by("home_organization")
    )
    render_pdf("outreach/letters/letters_pdf.html", {"letters": letters[:1]})  # WeasyPrint's first load
    one = timed(
        "one letter as PDF", lambda: render_pdf("outreach/letters/letters_pdf.html", {"letters": letters[:1]}), rows
    )
    timed(
        f"the half year laid out as one document ({len(letters)} letters, pages numbered across the file)",
        lambda: render_pdf("outreach/letters/letters_pdf.html", {"letters": letters}),
        rows,
    )
    batch = timed(
        f"the half year as the background batch prints it ({len(letters)} letters, each numbered by itself)",
        lambda: render_pdf_papers("outreach/letters/letters_pdf.html", [{"letters": [letter]} for letter in letters]),
        rows,
    )
    item = ReverseIssuanceRequest.objects.select_related("member__organization").first()
    timed(
        "a reverse issuance request as PDF",
        lambda: render_pdf("outreach/certificates/request_pdf.html", {"item": item, "member": item.member}),
        rows,
    )
    width = max(len(label) for label, _seconds in rows)
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:7.2f} s")
    print(f"sizes: one letter {len(one) / 1024:.0f} KiB, half year {len(batch) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
