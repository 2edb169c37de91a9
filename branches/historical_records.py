"""django-simple-history's `HistoricalRecords` for models declared in a models package.

For a model declared outside `<app>/models.py` (outreach keeps its models in `outreach/models/
contacts.py` and `certificates.py`), django-simple-history puts the historical class in the
declaring module (`outreach.models.contacts.HistoricalContact`) but sets its `__module__` to
the app's package (`outreach`), where no such name exists. Anything that imports a model by
`__module__` and name then fails — `manage.py shell`'s automatic imports (Django 5.2) said
"12 objects could not be automatically imported" on every start. This subclass gives the
historical class the `__module__` of the module that holds it. Nothing in the database changes.

It lives in `branches`, the lowest app, so that every app may use it (imports run
outreach → registry → branches).
"""

from simple_history import models as simple_history_models


class HistoricalRecords(simple_history_models.HistoricalRecords):
    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        if not inherited:
            # `finalize()` sets the class as an attribute of `self.module` (the declaring module).
            history_model.__module__ = self.module
        return history_model
