"""Workbooks of committees: the posts and the elections in their imports' own columns (an export
imports again as unchanged, docs/spreadsheets.md#committee-columns), and the list of organizations
with their committees and terms as the page shows it. ID numbers masked for those who see them masked;
every export logged."""

from django.utils import timezone
from django.utils.translation import gettext as _

from branches import access
from registry.committees.imports import (
    ELECTION_COLUMNS,
    MEMBER_COLUMNS,
    POOL_CANONICAL,
    POST_CANONICAL,
    CommitteeMemberImporter,
    ElectionImporter,
)
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number
from spreadsheets.table import Column
from spreadsheets.writing import table_workbook


def _stamped(prefix: str, user, kind: str, params, rows: int) -> tuple[str, str]:
    stamp = timezone.localtime()
    file_name = f"{prefix}_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind=kind, filters=applied, rows=rows, file_name=file_name)
    return file_name, f"{kind}-{stamp:%Y%m%d-%H%M}"


def membership_workbook(user, posts, params) -> tuple[bytes, str, str]:
    """The posts the list shows, in the committee_members import's columns: (bytes, file name, ASCII fallback)."""
    masked = not access.sees_personal_data(user)

    def lines():
        for post in posts.iterator(chunk_size=2000):
            values = {
                "organization": post.organization.name,
                "name": post.member.name,
                "id_number": mask_id_number(post.member.id_number) if masked else post.member.id_number,
                "post": post.post_title if post.post == post.Post.OTHER else POST_CANONICAL.get(post.post, post.post),
                "started_on": post.started_on,
                "ended_on": post.ended_on,
                "secretary_pool": POOL_CANONICAL.get(post.secretary_pool),
            }
            yield [values[column.field] for column in MEMBER_COLUMNS]

    content, rows = build_table(CommitteeMemberImporter.sheet_name, MEMBER_COLUMNS, lines())
    file_name, fallback = _stamped("支委会成员", user, "committee_members", params, rows)
    return content, file_name, fallback


def election_workbook(user, elections, params) -> tuple[bytes, str, str]:
    """The elections the list shows, in the elections import's columns."""

    def lines():
        for election in elections:
            values = {
                "organization": election.organization.name,
                "number": election.number,
                "held_on": election.held_on,
                "term_years": election.term_years,
                "voters_expected": election.voters_expected,
                "voters_present": election.voters_present,
            }
            yield [values[column.field] for column in ELECTION_COLUMNS]

    content, rows = build_table(ElectionImporter.sheet_name, ELECTION_COLUMNS, lines())
    file_name, fallback = _stamped("换届选举", user, "elections", params, rows)
    return content, file_name, fallback


COMMITTEE_COLUMNS = (
    Column("organization", "党组织"),
    Column("level", "层级"),
    Column("secretary", "书记"),
    Column("posts", "委员人数"),
    Column("held_here_full", "在本组织的正式党员"),
    Column("number", "届次"),
    Column("held_on", "选举日期"),
    Column("term_years", "任期（年）"),
    Column("ends_on", "届满日期"),
    Column("postponed_until", "延期至"),
    Column("state", "状态"),
)


def committee_workbook(user, rows, params) -> tuple[bytes, str, str]:
    """The organizations with their committees and terms, as the list shows them (selectors.CommitteeRow)."""

    def lines():
        for row in rows:
            election = row.election
            yield [
                row.organization.name,
                str(row.organization.get_level_display()),
                row.secretary or None,
                row.posts,
                row.held_here_full,
                election.number if election else None,
                election.held_on if election else None,
                election.term_years if election else None,
                election.ends_on if election else None,
                election.postponed_until if election else None,
                str(row.state_label) or str(_("No election recorded")),
            ]

    content, count = table_workbook(
        "党组织委员会", [column.header for column in COMMITTEE_COLUMNS], lines(), widths=[36, 10, 10, 8, 8] + [10] * 6
    )
    file_name, fallback = _stamped("党组织委员会与任期", user, "committees", params, count)
    return content, file_name, fallback
