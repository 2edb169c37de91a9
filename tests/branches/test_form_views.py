"""The one shape of a form page (branches.form_views.form_view): a GET shows the form, invalid input
and a service's refusal show it again with what was typed and the message (200, or the page's
status), a save is answered by `done` — and a create is guarded like an update."""

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from branches.form_views import changes_saved, form_view


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _page(form):
    return HttpResponse(f"page {form.errors.as_text()}")


def _refused():
    raise ValidationError({"name": "同名的已有了"})


def test_a_get_shows_the_form_and_saves_nothing():
    calls = []
    request = _request("get")
    response = form_view(request, NameForm(), save=lambda: calls.append("saved"), done=None, page=_page)
    assert response.status_code == 200 and calls == []


def test_invalid_input_shows_the_form_again_and_saves_nothing():
    calls = []
    response = form_view(_request(), NameForm({"name": ""}), save=lambda: calls.append("saved"), done=None, page=_page)
    assert response.status_code == 200 and calls == []


def test_a_services_refusal_is_shown_on_the_form_with_status_200():
    form = NameForm({"name": "商会"})
    response = form_view(_request(), form, save=_refused, done=None, page=_page)
    assert response.status_code == 200
    assert form.errors == {"name": ["同名的已有了"]}
    assert "同名的已有了" in response.content.decode()


def test_a_page_that_answers_400_keeps_its_status():
    response = form_view(_request(), NameForm({"name": ""}), save=None, done=None, page=_page, status=400)
    assert response.status_code == 400
    response = form_view(_request("get"), NameForm(), save=None, done=None, page=_page, status=400)
    assert response.status_code == 200  # a GET is no refusal


def test_a_save_is_answered_by_done_with_what_the_service_returned():
    response = form_view(
        _request(),
        NameForm({"name": "商会"}),
        save=lambda: ["name"],
        done=lambda changed: HttpResponse(",".join(changed), status=302),
        page=_page,
    )
    assert (response.status_code, response.content) == (302, b"name")


def test_an_update_that_changed_nothing_says_so():
    request = _request()
    response = changes_saved(request, [], "已保存。", "/back/")
    assert response.status_code == 302 and response.url == "/back/"
    assert [str(message) for message in request._messages] == ["没有任何修改。"]
