"""The home page: headline figures of what the user may see, each a link to its records."""

from django.urls import reverse


def tiles(response) -> dict:
    """The home page's tiles by key, from the sections the rooms added."""
    names = ("member_tiles", "organization_tiles", "chamber_tiles")
    return {tile.key: tile for name in names for tile in response.context.get(name) or ()}


def test_staff_home_counts_everything(client_for, staff, members):
    response = client_for(staff).get(reverse("home"))
    assert response.status_code == 200
    figures = tiles(response)
    assert figures["members"].value == 8
    assert figures["organizations"].value == 5
    assert (figures["city_covered"].value, figures["city_covered"].total) == (2, 2)


def test_secretary_home_counts_only_their_subtree(client_for, secretary_b, members):
    response = client_for(secretary_b).get(reverse("home"))
    figures = tiles(response)
    assert figures["members"].value == 2
    assert figures["organizations"].value == 1
    assert "city_covered" not in figures and 'id="worklist"' in response.content.decode()


def test_user_without_role_sees_an_explanation_not_figures(client, django_user_model, members):
    user = django_user_model.objects.create_user("nobody", password="x-very-long-password")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["worklists"] == response.context["sections"] == []
    assert 'class="empty"' in response.content.decode() and "data-figure" not in response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_login_page_is_public_and_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_chinese_whatever_the_browser_asks_and_english_on_request(client_for, staff, tree):
    client = client_for(staff)
    body = client.get(reverse("registry:member_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "花名册" in body or "党员" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/members/"})
    body = client.get(reverse("registry:member_list")).content.decode()
    assert '<html lang="en">' in body and "Members" in body
