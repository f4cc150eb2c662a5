"""The caseworker's pages: the day (screening, caseload, due follow-ups), a case with its
conversations, plan, meetings and activity, and the job centre's statistics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    Viewer,
    can_work_cases,
    get_jobcentre_case,
    jobcentre_cases,
    request_viewer,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.charts import column_chart
from naervaer.http import AuthenticatedHttpRequest
from naervaer.jobcentre import services, texts
from naervaer.jobcentre.forms import (
    ActivityForm,
    CaseForm,
    CloseForm,
    ConversationForm,
    EarlierBenefitForm,
    MeetingForm,
    PlanForm,
    ScreeningForm,
)
from naervaer.jobcentre.models import Case
from naervaer.people.models import Role, User
from naervaer.people.services import active_users
from naervaer.rules import jobcentre as jobcentre_rules
from naervaer.rules.jobcentre import Deadline, Refund


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_work_cases(viewer):
        raise PermissionDenied
    return viewer


def _caseworkers(viewer: Viewer) -> QuerySet[User]:
    return active_users(viewer.require_organisation()).filter(roles__kind=Role.Kind.CASEWORKER)


def _case_forms(
    request: HttpRequest, case: Case, viewer: Viewer, today: dt.date, action: str
) -> dict[str, forms.ModelForm[Any]]:
    """The case page's forms; only the one that was sent (``action``) is bound."""

    def sent(name: str) -> Any:
        return request.POST if name == action else None

    files = request.FILES if action == "details" else None
    return {
        "screen": ScreeningForm(
            sent("screen"), instance=case, caseworkers=_caseworkers(viewer), today=today
        ),
        "conversation": ConversationForm(
            sent("conversation"),
            initial={"held_on": today, "category": case.category},
            book=case.rules,
        ),
        "activity": ActivityForm(sent("activity"), initial={"start": today}),
        "benefit": EarlierBenefitForm(sent("benefit")),
        "meeting": MeetingForm(sent("meeting"), initial={"held_on": today}),
        "plan": PlanForm(sent("plan"), instance=case),
        "close": CloseForm(sent("close"), instance=case, initial={"closed_on": today}),
        "details": CaseForm(sent("details"), files, instance=case),
    }


class _CaseRow(TypedDict):
    """One of the caseworker's open cases on the day page, with its deadlines as shown."""

    case: Case
    next: dict[str, Any] | None
    plan: dict[str, Any] | None
    meeting: dict[str, Any] | None
    refund: Refund


def _shown(deadline: Deadline | None, case: Case, today: dt.date) -> dict[str, Any] | None:
    """A deadline as the pages show it: the date, the rule in words, whether it is overdue
    (only a legal deadline can be) and whether it is a duty at all."""
    if deadline is None:
        return None
    return {
        "due": deadline.due,
        "text": texts.describe(deadline, case.authority(deadline.due or today)),
        "kind": texts.kind_label(deadline.kind),
        "legal": deadline.kind is jobcentre_rules.Kind.DEADLINE,
        "overdue": deadline.overdue(today),
        # A recommendation whose date has passed: said plainly, never flagged as overdue.
        "past_recommended": deadline.kind is jobcentre_rules.Kind.RECOMMENDED
        and deadline.due is not None
        and deadline.due < today,
        "verified": deadline.verified,
    }


@login_required
@reads.audited(Action.VIEW_CITIZEN_CASE, "caseload")
def day_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    today = timezone.localdate()
    cases = jobcentre_cases(viewer).prefetch_related(
        "conversations", "activities", "earlier_benefits"
    )
    mine: list[_CaseRow] = [
        {
            "case": c,
            "next": _shown(c.next_follow_up(), c, today),
            "plan": _shown(c.plan_deadline(), c, today),
            "meeting": _shown(c.meeting_deadline(), c, today),
            "refund": c.refund(today),
        }
        for c in services.open_cases(cases).filter(caseworker=request.user)
    ]
    mine.sort(key=lambda r: (r["next"] and r["next"]["due"]) or today)
    low, high = services.CASELOAD_TARGET
    screening = list(services.screening_list(cases))
    reads.note_citizen_cases([*screening, *(r["case"] for r in mine)])
    return render(
        request,
        "jobcentre/day.html",
        {
            "today": today,
            "screening": screening,
            "mine": mine,
            "overdue": sum(
                1
                for r in mine
                if any(d and d["overdue"] for d in (r["next"], r["plan"], r["meeting"]))
            ),
            "caseloads": [
                {"user": u, "n": n, "over": n > high, "under": n < low}
                for u, n in services.caseloads(viewer.organisation_id or 0)
            ],
            "target": services.CASELOAD_TARGET,
        },
    )


@login_required
def case_new_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = CaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.organisation_id = viewer.require_organisation()
        case.save()
        messages.success(request, _("The case is on the screening list."))
        return redirect("jobcentre_case", case.pk)
    return render(request, "jobcentre/case_form.html", {"form": form})


@login_required
@reads.audited(Action.VIEW_CITIZEN_CASE)
def case_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    viewer = _viewer(request)
    case = get_jobcentre_case(viewer, case_id)
    today = timezone.localdate()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    case_forms = _case_forms(request, case, viewer, today, action)
    if request.method == "POST":
        if action not in case_forms:
            raise Http404
        form = case_forms[action]
        if form.is_valid():
            _save(action, form, case, request, today)
            return redirect("jobcentre_case", case.pk)
    rules = case.rules
    benefit_start, benefit_estimated = case.benefit_start()
    return render(
        request,
        "jobcentre/case.html",
        {
            "case": case,
            "forms": case_forms,
            "today": today,
            "rules": rules,
            "who": texts.who(case.authority(today)),
            "next": _shown(case.next_follow_up(), case, today),
            "plan": _shown(case.plan_deadline(), case, today),
            "info_form": _shown(case.info_form_deadline(), case, today),
            "meeting": _shown(case.meeting_deadline(), case, today),
            "week": jobcentre_rules.sickness_week(case.first_day, today),
            "refund": case.refund(today),
            "benefit_start": benefit_start,
            "reassessment": case.reassessment(),
            "benefit_estimated": benefit_estimated,
            "active_hours": case.active_hours(today),
            "conversations": case.conversations.all(),
        },
    )


def _save(action: str, form: Any, case: Case, request: HttpRequest, today: dt.date) -> None:
    if action == "screen":
        screened = form.save(commit=False)
        screened.screened_on = today
        screened.save()
        messages.success(request, _("The case is screened and categorised."))
    elif action == "conversation":
        conversation = form.save(commit=False)
        conversation.case = case
        conversation.recorded_by = request.user
        conversation.save()
        case.category = conversation.category  # re-categorised at every follow-up
        case.save(update_fields=["category"])
        messages.success(request, _("The follow-up is recorded; the next one is planned."))
    elif action in ("activity", "meeting", "benefit"):
        item = form.save(commit=False)
        item.case = case
        item.save()
        messages.success(request, _("Saved."))
    elif action == "plan":
        plan = form.save(commit=False)
        plan.plan_made_on = plan.plan_made_on or today
        plan.save()
        messages.success(request, _("The follow-up plan is saved."))
    else:
        form.save()
        messages.success(request, _("Saved."))


@login_required
@reads.audited(Action.EXPORT, "retention plan document")
def plan_document_view(request: AuthenticatedHttpRequest, case_id: int) -> FileResponse:
    """The retention plan the citizen brought, for the job centre's caseworkers only."""
    case = get_jobcentre_case(_viewer(request), case_id)
    name = case.retention_plan_document.name
    if not name:
        raise Http404
    return FileResponse(
        case.retention_plan_document.open("rb"), as_attachment=True, filename=Path(name).name
    )


@login_required
def statistics_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    today = timezone.localdate()
    cases = jobcentre_cases(viewer).prefetch_related("conversations", "activities")
    figures = services.figures(cases, today)
    by_category = figures.by_category or {}
    comparison = services.compare_job_centres(today)
    category_chart = column_chart(
        _("Cases by category"),
        [(str(value), by_category.get(value, 0)) for value, _label in Case.Category.choices]
        + [(_("not categorised"), by_category.get(0, 0))],
    )
    duration_chart = column_chart(
        _("Average duration in days"), [(c.organisation, c.average_days) for c in comparison]
    )
    return render(
        request,
        "jobcentre/statistics.html",
        {
            "figures": figures,
            "by_category": [
                (label, by_category.get(value, 0)) for value, label in Case.Category.choices
            ]
            + [(_("Not yet categorised"), by_category.get(0, 0))],
            "refund_rows": sorted((figures.refund_this_week or {}).items(), reverse=True),
            "comparison": comparison,
            "category_chart": category_chart,
            "duration_chart": duration_chart,
            "min_cases": services.MIN_CASES,
            "today": today,
        },
    )
