"""Reads of the records sent back, scoped like the records themselves: a secretary sees those on
records of their subtree, the committee all; reviewers none (docs/inbox.md#sending-back)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.development.selectors import candidate_detail
from registry.members.selectors import member_detail
from registry.models import SendBack
from registry.movements.selectors import transfer_detail
from registry.sendbacks.filters import SendBackFilter

RECORD = {
    SendBack.Kind.MEMBER: member_detail,
    SendBack.Kind.CANDIDATE: candidate_detail,
    SendBack.Kind.TRANSFER: transfer_detail,
}


# What a list of send-backs shows of each: the record sent back, its organization, who asked and answered.
LISTED_WITH = ("organization", "member", "candidate", "movement__member", "asked_by", "answered_by")


def send_backs_visible_to(user, related=LISTED_WITH) -> QuerySet[SendBack]:
    if not access.may_change_anything(user):
        return SendBack.objects.none()
    return SendBack.objects.filter(access.organization_scope(user)).select_related(*related)


def open_for(user) -> QuerySet[SendBack]:
    return send_backs_visible_to(user).filter(state=SendBack.State.OPEN).order_by("asked_at", "pk")


def send_back_list(user, params) -> tuple[SendBackFilter, QuerySet[SendBack]]:
    params = without_page(params)
    if "state" not in params:
        params["state"] = SendBack.State.OPEN
    return filtered(
        SendBackFilter(params, queryset=send_backs_visible_to(user).order_by("-asked_at", "-pk"), user=user)
    )


def on_record(user, kind: str, record) -> list[SendBack]:
    """The record's send-backs this user may see, open first then the latest answered (the banner)."""
    field = {SendBack.Kind.MEMBER: "member", SendBack.Kind.CANDIDATE: "candidate", SendBack.Kind.TRANSFER: "movement"}[
        kind
    ]
    # On every page of a record: the banner shows who asked and who answered, nothing of the five
    # other records the list of send-backs joins (a seven-table join planned on every member page).
    shown = send_backs_visible_to(user, related=("asked_by", "answered_by"))
    rows = list(shown.filter(**{field: record}).order_by("-asked_at", "-pk")[:5])
    return [row for row in rows if row.state == SendBack.State.OPEN] or rows[:1]


def record_to_send_back(user, kind: str, pk):
    """The record the committee sends back: 404 for an unknown kind or a record out of sight, 403
    for anyone but the committee."""
    if kind not in RECORD:
        raise Http404("no such kind of record")
    record = RECORD[kind](user, pk)
    if not access.is_committee(user):
        raise PermissionDenied
    return record


def send_back_to_answer(user, pk) -> SendBack:
    """The question to answer: 404 outside the user's scope, 403 where they see but may not change."""
    sent = get_object_or_404(send_backs_visible_to(user), pk=pk)
    if not access.may_change_organization(user, sent.organization):
        raise PermissionDenied
    return sent
