"""Survey rounds (摸底排查) and what they counted per organization."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization


class SurveyRound(models.Model):
    """A survey round (摸底排查): a campaign that finds out how many members there are (docs/domain.md#survey,
    "The survey"). Its counts per organization are set beside the roster by the reconciliation."""

    class Channel(models.TextChoices):
        # docs/domain.md#survey-channels: the chamber membership form, notices, text messages, home visits, WeChat/QQ
        # groups, and four levels of home organizations (city, county, township, village) [001].
        MEMBERSHIP_FORM = "membership_form", _("Chamber membership form")
        NOTICE = "notice", _("Notices")
        TEXT_MESSAGE = "text_message", _("Text messages")
        HOME_VISIT = "home_visit", _("Home visits")
        ONLINE_GROUP = "online_group", _("WeChat and QQ groups")
        HOME_CITY = "home_city", _("Home organizations: city")
        HOME_COUNTY = "home_county", _("Home organizations: county")
        HOME_TOWNSHIP = "home_township", _("Home organizations: township")
        HOME_VILLAGE = "home_village", _("Home organizations: village")

    name = models.CharField(_("round name"), max_length=100, unique=True)
    started = models.DateField(_("started"))
    ended = models.DateField(_("ended"), null=True, blank=True)
    channels = models.JSONField(_("channels used"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-started", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")), name="survey_round_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def channel_labels(self) -> list[str]:
        labels = dict(self.Channel.choices)
        return [labels.get(channel, channel) for channel in self.channels or ()]

    def clean(self):
        if self.started and self.ended and self.ended < self.started:
            raise ValidationError({"ended": _("The round cannot end before it started.")})
        unknown = [channel for channel in self.channels or () if channel not in self.Channel.values]
        if unknown:
            raise ValidationError(
                {"channels": _("Unknown channel: %(channels)s.") % {"channels": "、".join(map(str, unknown))}}
            )


class SurveyCount(models.Model):
    """What a survey round counted in one organization: members found, of which self-managed,
    registered mobile and probationary, and the activists (who are not yet members). An empty
    figure was not counted; it is not a zero.

    A count covers its organization and those below it that the round did not count separately.
    """

    FIGURES = ("members", "self_managed", "registered_mobile", "probationary", "activists")

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.CASCADE, related_name="counts"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="survey_counts"
    )
    members = models.PositiveIntegerField(_("members found"))
    self_managed = models.PositiveIntegerField(_("of which self-managed"), null=True, blank=True)
    registered_mobile = models.PositiveIntegerField(_("of which registered mobile"), null=True, blank=True)
    probationary = models.PositiveIntegerField(_("of which probationary"), null=True, blank=True)
    activists = models.PositiveIntegerField(_("activists"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey count")
        verbose_name_plural = _("survey counts")
        ordering = ["survey_round", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "organization"],
                name="survey_count_one_per_organization",
                violation_error_message=_("This round already has a count for this organization."),
            ),
            # NULL (not counted) passes a CHECK, as it should.
            models.CheckConstraint(
                condition=Q(members__gte=F("self_managed") + F("registered_mobile")),
                name="survey_count_parts_within_total",
            ),
            models.CheckConstraint(
                condition=Q(members__gte=F("probationary")), name="survey_count_probationary_within_total"
            ),
        ]

    def __str__(self):
        return f"{self.survey_round} · {self.organization}"

    def clean(self):
        errors = {}
        members = self.members
        if members is not None:
            if (self.self_managed or 0) + (self.registered_mobile or 0) > members:
                errors["registered_mobile"] = _(
                    "Self-managed and registered mobile members together (%(parts)d) cannot be more than the "
                    "members found (%(members)d)."
                ) % {"parts": (self.self_managed or 0) + (self.registered_mobile or 0), "members": members}
            if (self.probationary or 0) > members:
                errors["probationary"] = _(
                    "Probationary members (%(count)d) cannot be more than the members found (%(members)d)."
                ) % {"count": self.probationary, "members": members}
        if errors:
            raise ValidationError(errors)
