"""The admin deletes no record that keeps history (branches.admin.ServiceAdmin): a member leaves
through an event, never by a row going away. Tried on every admin registered for a model with a
history, so that an admin added later is held to the same rule."""

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory
from django.urls import reverse

from branches.models import RoleAssignment
from tests import factories

# Deleting is the record's own event there, done by a service that records it (role_revoke).
DELETED_THROUGH_A_SERVICE = {RoleAssignment}


def admins_of_models_with_history():
    return [
        (model, model_admin)
        for model, model_admin in django_admin.site._registry.items()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def test_the_exceptions_are_deliberate():
    found = {
        model for model, model_admin in admins_of_models_with_history() if getattr(model_admin, "delete_service", None)
    }
    assert found == DELETED_THROUGH_A_SERVICE


def test_no_admin_deletes_a_record_that_keeps_history(client_for, admin, tree):
    factories.make_member(tree["putian"])
    factories.make_enterprise()
    client = client_for(admin)
    request = RequestFactory().get("/admin/")
    request.user = admin
    checked = []
    for model, model_admin in admins_of_models_with_history():
        if model in DELETED_THROUGH_A_SERVICE:
            continue
        record = model_admin.get_queryset(request).first()
        assert record is not None, f"no {model.__name__} to try: make one above"
        info = model._meta.app_label, model._meta.model_name
        assert not model_admin.has_delete_permission(request) and not model_admin.has_delete_permission(request, record)
        assert "delete_selected" not in model_admin.get_actions(request)

        changelist = reverse("admin:{}_{}_changelist".format(*info))
        assert "delete_selected" not in client.get(changelist).content.decode()
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[record.pk])
        assert (
            delete_url not in client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk])).content.decode()
        )
        assert client.get(delete_url).status_code == 403
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        client.post(changelist, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
        assert model._base_manager.filter(pk=record.pk).exists(), model.__name__
        checked.append(model.__name__)
    assert {"Member", "Organization", "Chamber", "Enterprise"} <= set(checked)


@pytest.mark.parametrize("method", ["delete_model", "delete_queryset"])
def test_the_delete_methods_refuse_too(admin, tree, method):
    from django.core.exceptions import PermissionDenied

    from branches.models import Organization

    request = RequestFactory().post("/admin/")
    request.user = admin
    model_admin = django_admin.site._registry[Organization]
    target = tree["putian"] if method == "delete_model" else Organization.objects.filter(pk=tree["putian"].pk)
    with pytest.raises(PermissionDenied):
        getattr(model_admin, method)(request, target)
    assert Organization.objects.filter(pk=tree["putian"].pk).exists()
