"""People by their names everywhere (issue 19 §3): a template never prints a user as it is, which
shows the login name ("已采纳 staff"); every field that holds a user goes through `|person`
(branches/templatetags/people.py), which shows the person's 姓名."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

ROOT = Path(settings.BASE_DIR)


def user_fields() -> set[str]:
    """The names of every field of ours that holds a user (decided_by, recorded_by, actor, ...)."""
    User = get_user_model()
    return {
        field.name
        for model in apps.get_models()
        if model._meta.app_label in ("branches", "registry", "outreach")
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model is User
    }


def test_no_template_prints_a_user_by_the_login_name():
    fields = user_fields()
    assert {"decided_by", "recorded_by", "history_user", "actor"} <= fields  # the scan knows what to look for
    printed = re.compile(r"\{\{\s*[\w.]*\.(" + "|".join(sorted(fields)) + r")\s*(\|[^}]*)?\}\}")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in printed.finditer(path.read_text(encoding="utf-8"))
        if "|person" not in match.group(0)
    ]
    assert found == [], "show a user as {{ value|person }} (their name)"
