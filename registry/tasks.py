"""Background work (django-tasks): checking and writing uploaded spreadsheets."""

from django_tasks import task

from registry import import_runs


@task()
def check_import(run_id: int) -> None:
    import_runs.check_run(run_id)


@task()
def apply_import(run_id: int) -> None:
    import_runs.apply_run(run_id)
