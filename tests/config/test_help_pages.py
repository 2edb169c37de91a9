"""Help where it is needed (config/help_pages.py): every page of the navigation has its help page,
the "?" of a page opens it, and the guides and the glossary are served."""

from django.template.loader import select_template
from django.urls import reverse

from branches.rooms import nav_links
from config.help_pages import GUIDES, help_templates


def test_every_page_of_the_navigation_has_its_help_page():
    missing = []
    for link, _room in nav_links():
        try:
            select_template(help_templates(link.url_name))
        except Exception:
            missing.append(link.url_name)
    assert not missing, f"write templates/help/zh-hans/<namespace>/<name>.html for {missing}"


def test_the_question_mark_opens_the_page_s_help(client_for, secretary_a, tree):
    page = client_for(secretary_a).get(reverse("registry:member_list")).content.decode()
    help_url = reverse("help_page", args=["registry:member_list"])
    assert f'href="{help_url}"' in page
    response = client_for(secretary_a).get(help_url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "党员名册" in text and "术语表" in text and "反向发证" in text


def test_the_guides_and_a_page_without_help(client_for, reviewer, tree):
    client = client_for(reviewer)
    for role in GUIDES:
        assert "使用说明" in client.get(reverse("help_page", args=[role])).content.decode()
    response = client.get(reverse("help_page", args=["registry:member_detail"]))
    assert response.status_code == 200 and "术语表" in response.content.decode()
    assert help_templates("..:..:base") == help_templates("../base") == []  # names a page, never a path
