"""The case page of an absence and the forms that move it on."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import groupby
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.absence.models import AbsenceSpell
from naervaer.access import (
    can_follow_absence,
    can_follow_up,
    can_read_rules,
    can_set_policy,
    cases_visible_to,
    get_case_for,
    get_person_for,
    own_organisation,
    request_viewer,
    units_visible_to,
    viewer_for,
)
from naervaer.audit import reads
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup import agenda, labels, services
from naervaer.followup.calendar_feed import feed_for, kept_calendars, obligation_item, renew
from naervaer.followup.forms import (
    CaseFactsForm,
    ConversationForm,
    EightWeekForm,
    EmployeeViewForm,
    GradualStepFormSet,
    PolicyForm,
    RetentionPlanForm,
    Section56Form,
    StatementPart1Form,
    StatementPart2Form,
    schedule_from,
)
from naervaer.followup.grouping import places_of
from naervaer.followup.models import (
    AbsencePolicy,
    CalendarFeed,
    Case,
    Conversation,
    Obligation,
    PossibilityStatement,
    RetentionPlan,
    Section56Agreement,
)
from naervaer.followup.pdf import possibility_statement_pdf
from naervaer.followup.selectors import MILESTONES, obligations_for
from naervaer.followup.tasks import recompute_followup
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.models import UNIT_SEPARATOR
from naervaer.rules.obligations import Code
from naervaer.rules.rulesets import LAW, SEED_2008


def _case_for_action(request: AuthenticatedHttpRequest, case_id: int) -> Case:
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    if not can_follow_up(viewer, case.person):
        raise PermissionDenied
    return case


def step_status(o: Obligation, today: dt.date) -> str:
    """How a step shows: only a required task can be overdue — never an optional step, a step
    without a deadline, or a date to know (a milestone such as the end of the employer period)."""
    if o.state != Obligation.State.OPEN:
        return str(o.state)
    if o.code in MILESTONES:
        return "milestone"
    if o.due is not None and not o.optional and o.due < today:
        return "overdue"
    return "due"


def timeline(case: Case, today: dt.date) -> list[dict[str, object]]:
    return [
        {
            "obligation": o,
            "title": labels.title(o.code),
            "actor": labels.actor(o.actor),
            "help": labels.HELP.get(o.code, ""),
            "reason": labels.reason_text(o.reason, o.params),
            "status": step_status(o, today),
        }
        for o in sorted(case.obligations.all(), key=lambda o: (o.due or dt.date.max, o.pk))
    ]


@login_required
@reads.audited(Action.VIEW_CASE)
def case_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    today = timezone.localdate()
    spells = AbsenceSpell.objects.filter(person=case.person, first_day__gte=case.first_day)
    if case.last_day is not None:
        spells = spells.filter(first_day__lte=case.last_day)
    plan = RetentionPlan.objects.filter(case=case).prefetch_related("steps").first()
    full_return = services.expected_full_return(case, plan) if plan else None
    return render(
        request,
        "followup/case.html",
        {
            "case": case,
            "person": case.person,
            "rows": timeline(case, today),
            "spells": spells.prefetch_related("degrees").order_by("first_day"),
            "conversations": case.conversations.all(),
            "plan": plan,
            "full_return": full_return,
            "may_act": can_follow_up(viewer, case.person),
            "is_own": case.person_id == viewer.person_id,
            "eight_week_form": EightWeekForm(),
            "facts_form": CaseFactsForm(instance=case),
            "employment_pays_salary": services.pays_salary(case),
            "statements": case.statements.all(),
            "section56": next(
                (
                    a
                    for a in Section56Agreement.objects.filter(person=case.person)
                    if a.covers(case.first_day)
                ),
                None,
            ),
            "today": today,
        },
    )


@login_required
@reads.audited(Action.VIEW_FORM, "conversation")
def conversation_view(request: AuthenticatedHttpRequest, case_id: int, kind: str) -> HttpResponse:
    case = _case_for_action(request, case_id)
    if kind not in Conversation.Kind.values:
        raise PermissionDenied
    form = ConversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_conversation(
            case, case.person, {**form.cleaned_data, "kind": kind}, request.user
        )
        messages.success(request, _("The conversation is recorded."))
        return redirect("case", case.pk)
    return render(
        request,
        "followup/conversation.html",
        {"case": case, "form": form, "kind": Conversation.Kind(kind)},
    )


@login_required
@require_POST
def case_facts_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = CaseFactsForm(request.POST, instance=case)
    if form.is_valid():
        services.update_case_facts(case, dict(form.cleaned_data), request.user)
        messages.success(request, _("The facts are saved and the deadlines recomputed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("case", case.pk)


@login_required
@require_POST
def eight_week_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = EightWeekForm(request.POST)
    if form.is_valid():
        services.answer_eight_weeks(
            case, form.cleaned_data["expected_over_8_weeks"], timezone.localdate(), request.user
        )
        messages.success(request, _("The 8-week answer is recorded."))
    else:
        messages.error(request, _("Choose yes or no."))
    return redirect("case", case.pk)


@login_required
@reads.audited(Action.VIEW_FORM, "retention plan")
def plan_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    plan = RetentionPlan.objects.filter(case=case).first()
    initial_steps = (
        [{"from_day": s.from_day, "hours_per_week": s.hours_per_week} for s in plan.steps.all()]
        if plan
        else []
    )
    form = RetentionPlanForm(request.POST or None, instance=plan)
    steps = GradualStepFormSet(request.POST or None, initial=initial_steps, prefix="steps")
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        fields = {name: form.cleaned_data[name] for name in RetentionPlanForm.Meta.fields}
        try:
            _plan, full_return = services.save_retention_plan(
                case, fields, schedule_from(steps), request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if full_return:
                messages.success(
                    request,
                    _("The plan is saved. Expected back full time on %(day)s.")
                    % {"day": full_return.strftime("%d.%m.%Y")},
                )
            else:
                messages.success(request, _("The plan is saved."))
            return redirect("case", case.pk)
    return render(
        request, "followup/plan.html", {"case": case, "form": form, "steps": steps, "plan": plan}
    )


@login_required
@require_POST
def request_plan_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The employee asks for a retention plan (or the manager records that they did)."""
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    if not (case.person_id == viewer.person_id or can_follow_up(viewer, case.person)):
        raise PermissionDenied
    services.request_retention_plan(case, timezone.localdate(), request.user)
    messages.success(request, _("The request for a retention plan is recorded."))
    return redirect("case", case.pk)


@login_required
@reads.audited(Action.VIEW_FORM, "retention plan: own view")
def employee_view_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The employee adds their own view to the plan."""
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    if case.person_id != viewer.person_id:
        raise PermissionDenied
    plan = get_object_or_404(RetentionPlan, case=case)
    form = EmployeeViewForm(request.POST or None, initial={"employee_view": plan.employee_view})
    if request.method == "POST" and form.is_valid():
        plan.employee_view = form.cleaned_data["employee_view"]
        plan.save(update_fields=["employee_view", "updated_at"])
        messages.success(request, _("Your view is saved."))
        return redirect("case", case.pk)
    return render(request, "followup/employee_view.html", {"case": case, "form": form})


@login_required
@require_POST
def obligation_done_view(request: AuthenticatedHttpRequest, obligation_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    obligation = get_object_or_404(
        Obligation.objects.filter(case__in=cases_visible_to(viewer)), pk=obligation_id
    )
    case = obligation.case
    if not can_follow_up(viewer, case.person):
        raise PermissionDenied
    services.mark_done(case, Code(obligation.code), timezone.localdate(), request.user)
    record(
        request.user,
        viewer.require_organisation(),
        Action.FOLLOW_UP,
        [case.person],
        obligation.code,
    )
    messages.success(request, _("Marked as done."))
    return redirect("case", case.pk)


def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The private iCalendar feed: the address is the key, so no login (calendar programs
    cannot log in); every fetch is audited like any read of absence data."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    viewer = viewer_for(feed.user)
    obligations = list(obligations_for(viewer))
    reads.describe(
        Action.API_READ, "calendar feed", actor=feed.user, organisation_id=viewer.organisation_id
    )
    reads.note(o.case.person for o in obligations)
    items = [*(obligation_item(o) for o in obligations), *agenda.items_for(feed.user)]
    data = kept_calendars.text(feed.user_id, items, public_base_url(request), timezone.now())
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="naervaer.ics"'
    return response


def public_base_url(request: HttpRequest) -> str:
    """The address users reach Nærvær on: BASE_URL when it is set, else the one this request
    came to (so the demo on another port or host still gives a working calendar address)."""
    if settings.BASE_URL_CONFIGURED:
        return str(settings.BASE_URL)
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def my_calendar_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Anyone in an organisation may have deadlines: follow-up steps, or actions from the
    dialogue tool or the AMO's plans that they are responsible for."""
    viewer = request_viewer(request)
    if viewer.organisation_id is None:
        raise PermissionDenied
    feed = feed_for(request.user)
    if request.method == "POST":
        renew(feed)
        messages.success(
            request, _("You have a new calendar address; the old one no longer works.")
        )
        return redirect("my_calendar")
    url = public_base_url(request) + reverse("calendar_feed", args=[feed.token])
    return render(request, "followup/my_calendar.html", {"url": url})


# --- Mulighedserklæring ----------------------------------------------------------------------


@login_required
@reads.audited(Action.VIEW_FORM, "possibility statement part 1")
def statement_new_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = StatementPart1Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        statement = form.save(commit=False)
        statement.case = case
        statement.created_by = request.user
        statement.save()
        record(
            request.user,
            case.person.organisation_id,
            Action.FOLLOW_UP,
            [case.person],
            "possibility statement part 1",
        )
        messages.success(
            request, _("Part 1 is saved. Print it and give it to the employee for the doctor.")
        )
        return redirect("case", case.pk)
    return render(request, "followup/statement_part1.html", {"case": case, "form": form})


def _statement_for_action(
    request: AuthenticatedHttpRequest, statement_id: int
) -> PossibilityStatement:
    viewer = request_viewer(request)
    statement = get_object_or_404(
        PossibilityStatement.objects.filter(case__in=cases_visible_to(viewer)).select_related(
            "case__person__organisation"
        ),
        pk=statement_id,
    )
    if not can_follow_up(viewer, statement.case.person):
        raise PermissionDenied
    reads.note([statement.case.person])
    return statement


@login_required
@reads.audited(Action.VIEW_FORM, "possibility statement part 2")
def statement_part2_view(request: AuthenticatedHttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_action(request, statement_id)
    form = StatementPart2Form(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(
            request.user,
            statement.case.person.organisation_id,
            Action.FOLLOW_UP,
            [statement.case.person],
            "possibility statement part 2",
        )
        messages.success(request, _("The doctor's part is recorded."))
        return redirect("case", statement.case_id)
    return render(request, "followup/statement_part2.html", {"statement": statement, "form": form})


@login_required
def statement_pdf_view(request: AuthenticatedHttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_action(request, statement_id)
    person = statement.case.person
    reads.describe(Action.EXPORT, "possibility statement")
    response = HttpResponse(possibility_statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="mulighedserklaering-{person.employee_id}.pdf"'
    )
    return response


# --- § 56 agreements and the absence policy ---------------------------------------------------


@login_required
@reads.audited(Action.VIEW_FORM, "§ 56 agreement")
def section56_view(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    viewer = request_viewer(request)
    person = get_person_for(viewer, person_id)
    if not can_follow_up(viewer, person):
        raise PermissionDenied
    form = Section56Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = form.save(commit=False)
        agreement.person = person
        agreement.created_by = request.user
        agreement.save()
        record(request.user, person.organisation_id, Action.FOLLOW_UP, [person], "§ 56 agreement")
        messages.success(request, _("The § 56 agreement is saved."))
        return redirect("section56", person.pk)
    agreements = Section56Agreement.objects.filter(person=person)
    flagged = AbsenceSpell.objects.filter(person=person, section56=True).order_by("-first_day")
    rows = [
        {"spell": s, "agreement": next((a for a in agreements if a.covers(s.first_day)), None)}
        for s in flagged
    ]
    return render(
        request,
        "followup/section56.html",
        {"person": person, "form": form, "agreements": agreements, "rows": rows},
    )


@login_required
def policy_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not can_set_policy(viewer):
        raise PermissionDenied
    organisation = own_organisation(request.user)
    policy, _created = AbsencePolicy.objects.get_or_create(organisation=organisation)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The trigger may have changed for anyone: recompute everyone's care conversations
        # (a task: at 50,000 people it takes longer than a request should).
        recompute_followup.enqueue(organisation.pk)
        messages.success(request, _("The absence policy is saved."))
        return redirect("policy")
    return render(request, "followup/policy.html", {"form": form})


DUE_PER_PAGE = 100


@login_required
def due_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every open follow-up step that falls to the viewer, overdue first; filtered by unit or
    manager and grouped by either."""
    viewer = request_viewer(request)
    if not can_follow_absence(viewer):
        raise PermissionDenied
    today = timezone.localdate()
    obligations = list(obligations_for(viewer))
    places = places_of({o.case.person_id for o in obligations}, viewer.organisation_id or 0, today)
    units = units_visible_to(viewer)
    unit = (
        units.filter(pk=int(request.GET["unit"])).first()
        if request.GET.get("unit", "").isdigit()
        else None
    )
    managers = sorted({m for p in places.values() for m in p.managers}, key=lambda m: (m[1], m[0]))
    manager_id = int(request.GET["manager"]) if request.GET.get("manager", "").isdigit() else None
    group = request.GET.get("group", "")
    rows: list[dict[str, object]] = []
    for o in obligations:
        place = places[o.case.person_id]
        if unit is not None and not (
            place.unit_path == unit.path or place.unit_path.startswith(unit.path + UNIT_SEPARATOR)
        ):
            continue
        if manager_id is not None and manager_id not in {pk for pk, _name in place.managers}:
            continue
        rows.append(
            {
                "obligation": o,
                "title": labels.title(o.code),
                "overdue": o.due is not None and o.due < today,
                "unit": place.unit_path,
                "manager": place.manager_names,
            }
        )
    grouped = group in {"unit", "manager"}

    def label(row: dict[str, object]) -> str:
        return str(row[group]) or "–"

    if grouped:  # by group, and within a group by due date as before (the sort is stable)
        rows.sort(key=label)
    # A large employer's HR has over a thousand steps due: a page at a time (issue 14).
    page = Paginator(rows, DUE_PER_PAGE).get_page(request.GET.get("page"))
    shown = cast(list[dict[str, object]], page.object_list)
    reads.describe(Action.VIEW_CASE, "follow-up list")
    reads.note(cast(Obligation, r["obligation"]).case.person for r in shown)
    groups: list[tuple[str, int, list[dict[str, object]]]] = []
    if grouped:
        sizes = Counter(label(row) for row in rows)
        groups = [
            (name, sizes[name], list(group_rows)) for name, group_rows in groupby(shown, label)
        ]
    elif shown:
        groups = [("", len(rows), shown)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followup/due_list.html",
        {
            "rows": shown,
            "count": len(rows),
            "groups": groups,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "units": units,
            "unit_id": unit.pk if unit else None,
            "managers": managers,
            "manager_id": manager_id,
            "group": group,
        },
    )


@login_required
def rules_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The law as Nærvær applies it: each rule's values by date, sources, verified status and
    upcoming changes (HR and caseworkers). Reads no personal data."""
    if not can_read_rules(request_viewer(request)):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "followup/rules.html",
        {"rules": labels.rule_rows(LAW, today), "seed": labels.rule_rows(SEED_2008, today)},
    )
