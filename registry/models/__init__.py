"""The registry's models, one module per concept; imported here so that Django (and
`from registry.models import Member`) finds them all."""

from registry.models.appraisal import AppraisalResult, AppraisalRound
from registry.models.assessment import AnnualReport, AssessmentHandScore, AssessmentResult, AssessmentScheme
from registry.models.checkin import ArrivalSubmission, CheckinLink, CheckinSubmission, Decision
from registry.models.committee_settings import CommitteeSettings
from registry.models.committees import CommitteeMembership, Election, ElectionCandidate, Postponement
from registry.models.demo import DemoSeed
from registry.models.development import NOT_YET_ADMITTED, Assessment, Candidate, Notice, Objection, Stage, stage_q
from registry.models.discipline import Discipline
from registry.models.dues import DuesBasis, DuesEntry, DuesReduction
from registry.models.exchange import ExportLog, ImportLock, ImportRun
from registry.models.export_jobs import ExportJob
from registry.models.honours import BodyLevel, Honour, Representative
from registry.models.lost_contact import LostContactCase, LostContactSearch
from registry.models.members import PARTIAL_DATES, DatePrecision, Education, Gender, Member, MemberQuerySet
from registry.models.movements import Movement
from registry.models.orglife import (
    ACTIVITY_KINDS,
    MEETING_KINDS,
    Attendance,
    Exemption,
    Gathering,
    GatheringAttachment,
    GatheringKind,
)
from registry.models.reconcile import Reconciliation
from registry.models.sendbacks import SendBack
from registry.models.statistics import FiledReport
from registry.models.surveys import SurveyCount, SurveyRound

__all__ = [
    "AppraisalResult",
    "AnnualReport",
    "AssessmentHandScore",
    "AssessmentResult",
    "AssessmentScheme",
    "AppraisalRound",
    "CommitteeMembership",
    "CommitteeSettings",
    "Election",
    "ElectionCandidate",
    "Postponement",
    "ACTIVITY_KINDS",
    "Attendance",
    "Exemption",
    "Gathering",
    "GatheringAttachment",
    "GatheringKind",
    "MEETING_KINDS",
    "ArrivalSubmission",
    "CheckinLink",
    "CheckinSubmission",
    "Decision",
    "Reconciliation",
    "SendBack",
    "Assessment",
    "Candidate",
    "DemoSeed",
    "Discipline",
    "NOT_YET_ADMITTED",
    "Notice",
    "Objection",
    "Stage",
    "stage_q",
    "DatePrecision",
    "DuesBasis",
    "DuesEntry",
    "DuesReduction",
    "Education",
    "ExportJob",
    "ExportLog",
    "FiledReport",
    "BodyLevel",
    "Honour",
    "Representative",
    "Gender",
    "ImportLock",
    "ImportRun",
    "LostContactCase",
    "LostContactSearch",
    "Member",
    "MemberQuerySet",
    "Movement",
    "PARTIAL_DATES",
    "SurveyCount",
    "SurveyRound",
]
