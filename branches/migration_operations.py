"""Operations of the squashed migrations (registry 0001_squashed_0042_member_stored_conditions,
outreach 0001_squashed_0012_letter_batch_requested_as)."""

from django.db import migrations
from django.db.migrations.operations.base import Operation


class CreateModelsAtOnce(Operation):
    """An app's models made in one operation from their CreateModel, AddField and AddConstraint
    operations (every one of them about a model made here). Django renders the project's models
    again after each operation of a migration, and with them every model related to the one
    changed: in the registry nearly all of them, for each of its 84 operations — most of `migrate`'s
    time on a new database. Here the models' states are added without rendering them (Django
    renders them once, after), and each table is made from its model as the last of the operations
    leaves it: its columns, constraints and indexes; a foreign key to a table made later is fine
    (SQLite checks it on writing, PostgreSQL's are added at the end)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = operations
        self.models = [operation.name for operation in operations if isinstance(operation, migrations.CreateModel)]
        made = {name.lower() for name in self.models}
        for operation in operations:
            if not isinstance(operation, migrations.CreateModel):
                if not isinstance(operation, (migrations.AddField, migrations.AddConstraint, migrations.AddIndex)):
                    raise TypeError(f"not an operation that makes a model: {operation!r}")
                if operation.model_name_lower not in made:
                    raise ValueError(f"about a model not made here: {operation!r}")
        super().__init__()

    def deconstruct(self):
        return self.__class__.__name__, [self.operations], {}

    def state_forwards(self, app_label, state):
        rendered = state.__dict__.pop("apps", None) is not None
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        if rendered:
            state.apps  # noqa: B018 (rendered again, once)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for name in self.models:
            model = to_state.apps.get_model(app_label, name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.create_model(model)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for name in reversed(self.models):
            model = from_state.apps.get_model(app_label, name)
            if self.allow_migrate_model(schema_editor.connection.alias, model):
                schema_editor.delete_model(model)

    def describe(self):
        return f"Create {len(self.models)} models"
