"""The demo's half year of letters printed in one file, as the background batch prints it: the
sender and the date never stand alone on a page, each letter numbers its own pages ("第 1 页
共 3 页"), and the annex keeps every name on one line."""

import io
import re

from pypdf import PdfReader

from branches import clock, storage
from outreach.committee import committee_of_record
from outreach.letters import tasks
from outreach.letters.drafting import last_completed_half
from outreach.models import LetterBatch, LiaisonLetter

FOOTER = re.compile(r"^第\s*(\d+)\s*页\s*共\s*(\d+)\s*页$")
DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def test_the_demos_half_year_prints_each_letter_whole_and_numbered_by_itself(demo_db, db):
    # One rendering for every check. The whole half year (over ninety letters) took a quarter of a
    # minute to print: the letters with the longest annexes (those that run over a page) and every
    # seventh of the others are printed, the rest of the half year's put aside for this test.
    year, half = last_completed_half(clock.today())
    in_half = sorted(LiaisonLetter.objects.filter(year=year, half=half), key=lambda letter: -len(letter.roster))
    assert len(in_half) > 90
    letters = in_half[:4] + in_half[4::7]
    LiaisonLetter.objects.filter(year=year, half=half).exclude(pk__in=[letter.pk for letter in letters]).delete()
    batch = LetterBatch.objects.create(year=year, half=half, progress_total=0)
    tasks.print_run(batch.pk)
    batch.refresh_from_db()
    assert batch.state == LetterBatch.State.DONE, batch.message
    assert batch.progress_done == batch.progress_total == len(letters) > 15
    pages = [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in PdfReader(io.BytesIO(storage.read(batch.file))).pages
    ]

    # The sender and the date never stand alone: the page that holds them holds the letter's last lines too.
    sender = committee_of_record().name
    closing_pages = [lines for lines in pages if sender in lines[1:]]  # line 0 is a letter's heading
    assert len(closing_pages) == len(letters)
    for lines in closing_pages:
        # what is on the page besides the closing block (thanks, contact, sender, date, page number)
        body = [
            line
            for line in lines
            if line != sender
            and not DATE.match(line)
            and not FOOTER.match(line)
            and not line.startswith(("感谢贵单位", "联系人"))
        ]
        assert len(body) >= 2, lines

    # Page numbers restart with each letter: 第 1 页 共 N 页 … 第 N 页 共 N 页.
    footers = [FOOTER.match(lines[-1]) for lines in pages]
    assert all(footers), [lines[-1] for lines, footer in zip(pages, footers, strict=True) if not footer][:3]
    numbers = [(int(m.group(1)), int(m.group(2))) for m in footers]
    assert any(total > 1 for _page, total in numbers), "no letter printed runs over a page"
    starts = [index for index, (page, _total) in enumerate(numbers) if page == 1]
    assert len(starts) == len(letters)
    for start, end in zip(starts, starts[1:] + [len(numbers)], strict=True):
        total = numbers[start][1]
        assert numbers[start:end] == [(page, total) for page in range(1, total + 1)]

    # No name in an annex is split over two lines.
    lines = {line for page in pages for line in page}
    text = "\n".join(lines)
    names = {row["name"] for letter in letters for row in letter.roster}
    assert all(name in text for name in names), [name for name in names if name not in text][:5]
