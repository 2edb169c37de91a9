"""manage.py backup and restore, on the database the suite runs on (SQLite, then PostgreSQL)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from registry.models import Member
from tests import factories


def row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_puts_back_every_table(tree, staff, tmp_path):
    """The backup is taken, the registry changes (rows added, changed, deleted), the backup is
    restored: every table holds as many rows as when the backup was taken, and the values are back."""
    kept = factories.make_member(tree["fuzhou_1"], name="林备份", occupation="会计")
    gone = factories.make_member(tree["putian"], name="陈备份")
    before = row_counts()
    assert before[Member._meta.db_table] == 2
    path = tmp_path / "registry.backup"
    call_command("backup", str(path), stdout=io.StringIO())
    assert path.stat().st_size > 0

    factories.make_member(tree["fuzhou_2"], name="王新增")
    Member.objects.filter(pk=kept.pk).update(occupation="厨师")
    Member.objects.filter(pk=gone.pk).delete()
    assert row_counts() != before

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))
    assert Member.objects.filter(name="王新增").exists()  # refused: nothing changed

    call_command("restore", str(path), "--force", stdout=io.StringIO())
    assert row_counts() == before
    assert Member.objects.get(pk=kept.pk).occupation == "会计"
    assert Member.objects.filter(pk=gone.pk).exists()
    assert not Member.objects.filter(name="王新增").exists()


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup_of_this_database(tmp_path):
    with pytest.raises(CommandError, match="没有备份文件"):
        call_command("restore", str(tmp_path / "missing.backup"))
    text = tmp_path / "roster.csv"
    text.write_text("姓名,公民身份号码\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不是本系统的备份"):
        call_command("restore", str(text))
    other = tmp_path / "other.backup"
    other.write_bytes(
        b"SQLite format 3\x00" + bytes(100) if connection.vendor == "postgresql" else b"PGDMP" + bytes(100)
    )
    with pytest.raises(CommandError, match="请在使用"):
        call_command("restore", str(other))


@pytest.mark.django_db
def test_backup_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("backup", str(tmp_path / "nowhere" / "registry.backup"))
    assert not (tmp_path / "nowhere").exists()
