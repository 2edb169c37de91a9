"""Every write to survey rounds and their counts: one transaction each, with its history row."""

from django.db import transaction

from branches.models import Organization
from branches.services import save_with_history, update_with_history
from registry.models import SurveyCount, SurveyRound

ROUND_FIELDS = ("name", "started", "ended", "channels", "notes")


@transaction.atomic
def survey_round_create(*, data: dict, actor) -> SurveyRound:
    survey_round = SurveyRound(**{field: data[field] for field in ROUND_FIELDS if field in data})
    save_with_history(survey_round, actor=actor)
    return survey_round


@transaction.atomic
def survey_round_update(*, survey_round: SurveyRound, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(survey_round, changes=data, actor=actor, version=version, only=ROUND_FIELDS)


@transaction.atomic
def survey_count_save(
    *,
    survey_round: SurveyRound,
    organization: Organization,
    data: dict,
    actor,
    reason: str = "",
    version: str | None = None,
) -> tuple[SurveyCount, list[str]]:
    """Creates or changes the round's count for one organization; returns it and the fields that
    changed (all given ones for a new count; none: nothing saved, no history row).

    `data` holds figures from SurveyCount.FIGURES; a figure left out keeps its value. With the
    `version` the form was read at (NOT_THERE_YET: there was none), a count changed or entered by
    someone else since is refused (branches/versions.py)."""
    figures = {field: data[field] for field in SurveyCount.FIGURES if field in data}
    count = SurveyCount.objects.select_for_update().filter(survey_round=survey_round, organization=organization).first()
    if count is None:
        count = SurveyCount(survey_round=survey_round, organization=organization, **figures)
        save_with_history(count, actor=actor, reason=reason)
        return count, [field for field, value in figures.items() if value is not None]
    return count, update_with_history(count, changes=figures, actor=actor, version=version, reason=reason)
