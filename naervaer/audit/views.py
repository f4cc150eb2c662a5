"""Searching the audit log (HR, administrators) and "who has looked at my data" (employees)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.access import can_read_audit_log, request_viewer
from naervaer.audit.models import Action, AuditEvent, AuditSubject
from naervaer.formfields import DateInput
from naervaer.http import AuthenticatedHttpRequest
from naervaer.pagination import Paginator
from naervaer.people.models import Person


class AuditSearchForm(forms.Form):
    who = forms.CharField(label=_("Who"), required=False)
    whose = forms.CharField(label=_("Whose data (name or employee number)"), required=False)
    action = forms.ChoiceField(
        label=_("What"), choices=[("", _("All")), *Action.choices], required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())


SUBJECTS_SHOWN = 3


def _attach_subjects(events: Any) -> None:
    """The first few people (and job-centre cases) of each event on the page, in two queries;
    an export of 1,400 people shows three names and the count."""
    ids = [e.pk for e in events]
    people: dict[int, list[Person]] = {}
    for link in (
        # Only the first few of each event by name: an event can concern 50,000 people.
        AuditSubject.objects.filter(event_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("event_id"),
                order_by=(F("person__name").asc(), F("pk").asc()),
            )
        )
        .filter(rank__lte=SUBJECTS_SHOWN)
        .select_related("person")
        .order_by("person__name", "pk")
    ):
        people.setdefault(link.event_id, []).append(link.person)
    cases: dict[int, list[Any]] = {}
    through = AuditEvent.citizen_cases.through
    for row in through.objects.filter(auditevent_id__in=ids).select_related("case"):
        cases.setdefault(row.auditevent_id, []).append(row.case)
    for e in events:
        shown = people.get(e.pk, [])
        e.shown_subjects = shown[:SUBJECTS_SHOWN]
        e.more_subjects = max(e.subject_count - len(e.shown_subjects), 0)
        e.shown_cases = cases.get(e.pk, [])[:SUBJECTS_SHOWN]


def search(events: QuerySet[AuditEvent], form: AuditSearchForm) -> QuerySet[AuditEvent]:
    """The events matching the log page's search form (all of them when it is empty); the page
    and its CSV export use the same search."""
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["who"]:
        events = events.filter(actor_label__icontains=data["who"])
    if data["whose"]:
        events = events.filter(
            Q(subjects__name__icontains=data["whose"]) | Q(subjects__employee_id=data["whose"])
        ).distinct()
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["since"]:
        events = events.filter(at__date__gte=data["since"])
    if data["until"]:
        events = events.filter(at__date__lte=data["until"])
    return events


@login_required
def audit_log_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_read_audit_log(viewer):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    events = search(AuditEvent.objects.filter(organisation_id=viewer.require_organisation()), form)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    _attach_subjects(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def my_access_log_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise PermissionDenied
    since = timezone.localdate() - dt.timedelta(days=365)
    events = (
        AuditEvent.objects.filter(subjects=viewer.person_id, at__date__gte=since)
        .exclude(actor_id=viewer.user_id)
        .order_by("-at")
    )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/mine.html", {"page": page})
