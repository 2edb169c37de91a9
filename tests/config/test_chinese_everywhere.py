"""The administration and the error pages speak Chinese: no English word on any page of the
admin (beyond data such as login names and credit codes), the system's one name in its header,
and the registry's own 403, 404 and 500 pages."""

import re

from django.contrib.admin import site as admin_site
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from registry.models import ExportLog, ImportRun
from tests import factories

TEXT = re.compile(r">([^<>]+)<")
WORD = re.compile(r"[A-Za-z]{3,}")


def english_on(html: str, allowed: set[str]) -> set[str]:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    # data the admin isolates in <bdi>: the password hash's algorithm, salt and hash (random letters
    # such as "dac…" would otherwise read as an English word, now and then)
    html = re.sub(r"<bdi>.*?</bdi>", "", html, flags=re.S)
    html = re.sub(r"&\w+;", " ", html)
    words = {word for text in TEXT.findall(html) for word in WORD.findall(text)}
    return words - allowed


def test_every_admin_page_speaks_chinese(client_for, admin, staff, members, tree):
    factories.make_member(tree["putian"])
    client = client_for(admin)
    # data, not interface: login names, the password hash's algorithm, the language switch's "English"
    # and names inside Chinese sentences (Control, Command, Mac, LDAP, SHA-256, xlsx)
    allowed = {"admin", "staff", "English", "pbkdf", "sha", "Control", "Command", "Mac", "LDAP", "SHA", "xlsx"}
    # django-axes names each row of its login log "Access Log for <user>" (its model's __str__, not
    # translatable) and records "<unknown>" for a path it was not given: data, not our interface
    allowed |= {"Access", "Log", "for", "unknown"}
    # a committee's letters' reference pattern names its placeholders as REGISTRY_LETTER_REFERENCE does: {year}, {n}
    allowed |= {"year"}
    ExportLog.objects.create(user=staff, kind="members", rows=3, file_name="党员.xlsx")
    ImportRun.objects.create(user=staff, kind="members", file_name="党员.xlsx", size=1, checksum="0" * 64, state="done")
    index = client.get(reverse("admin:index")).content.decode()
    assert "流动党员登记系统" in index and "Django" not in index
    pages = [reverse("admin:index")]
    for model, model_admin in admin_site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
        if model_admin.has_add_permission(type("Request", (), {"user": admin, "method": "GET"})()):
            pages.append(reverse(f"{prefix}_add"))
    assert len(pages) > 20
    found = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        english = english_on(response.content.decode(), allowed)
        if english:
            found[page] = sorted(english)
    assert found == {}
    assert (
        "党员名册" in client.get(reverse("admin:registry_exportlog_changelist")).content.decode()
    )  # the kind by its name


def test_the_selector_of_host_enterprises_speaks_chinese(client_for, admin):
    catalog = client_for(admin).get(reverse("admin:jsi18n")).content.decode()
    assert '"Choose all %s": "\\u9009\\u62e9\\u5168\\u90e8%s"' in catalog  # 选择全部%s


def test_the_error_pages_are_the_registrys_own_in_chinese(client_for, secretary_a, members):
    client = client_for(secretary_a)
    outside = members["putian"][0]
    missing = client.get(reverse("registry:member_detail", args=[outside.pk]))
    assert (
        missing.status_code == 404
        and "页面不存在" in missing.content.decode()
        and outside.name not in missing.content.decode()
    )
    refused = client.get(reverse("letters:letter_list"))
    assert refused.status_code == 403 and "无权" in refused.content.decode()
    request = RequestFactory().get("/")
    failed = server_error(request)
    assert failed.status_code == 500 and re.search(r"[\u4e00-\u9fff]{4}", failed.content.decode())
    assert not WORD.search(re.sub(r"<[^>]*>", "", failed.content.decode()).replace("English", ""))
