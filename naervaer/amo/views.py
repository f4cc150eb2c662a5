"""The AMO's workspace: the 4-step process, roles and cooperation, the APV register, problem
reports and the annual work-environment discussion; and the public problem-report pages.

Access goes through ``naervaer.access`` (AMO and HR of the organisation); nothing here shows a
person's absence, only groups of at least five people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from naervaer.access import (
    Viewer,
    amo_records,
    can_run_amo,
    get_amo_record,
    request_viewer,
    units_visible_to,
)
from naervaer.amo import exports, services
from naervaer.amo.content import EVALUATION, MAPPING, ROLES, STEPS
from naervaer.amo.forms import (
    ActionPlanForm,
    AnnualForm,
    AnswersForm,
    ApvForm,
    EvaluationForm,
    InformationForm,
    PlacementForm,
    ProcessForm,
    ReportForm,
    ReportHandlingForm,
    StatusForm,
    ThemeForm,
)
from naervaer.amo.models import (
    ActionPlan,
    AnnualDiscussion,
    ApvProblem,
    MappingAnswer,
    ProblemReport,
    Process,
    ReportLink,
    RoleAnswer,
)
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.models import Organisation
from naervaer.people.services import active_users
from naervaer.rules import plausibility


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_run_amo(viewer):
        raise PermissionDenied
    return viewer


@login_required
def amo_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = ProcessForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "title": _("Sickness absence")},
    )
    if request.method == "POST" and form.is_valid():
        process = form.save(commit=False)
        process.organisation_id = viewer.require_organisation()
        process.created_by = request.user
        process.save()
        return redirect("amo_step", process.pk, 1)
    reports = amo_records(viewer, ProblemReport)
    return render(
        request,
        "amo/overview.html",
        {
            "form": form,
            "processes": amo_records(viewer, Process),
            "open_reports": reports.exclude(
                state__in=[ProblemReport.State.CLOSED, ProblemReport.State.APV]
            ).count(),
            "open_apv": amo_records(viewer, ApvProblem).filter(state=ApvProblem.State.OPEN).count(),
            "open_actions": amo_records(viewer, ActionPlan).exclude(
                decision=ActionPlan.Decision.CLOSE
            ),
            "year": timezone.localdate().year,
        },
    )


# --- The 4-step process ------------------------------------------------------------------------


@login_required
def step_view(request: HttpRequest, process_id: int, step: int) -> HttpResponse:
    viewer = _viewer(request)
    process = get_amo_record(viewer, Process, process_id)
    if step not in (1, 2, 3, 4):
        raise Http404
    handler = {1: _mapping, 2: _priorities, 3: _implementation, 4: _evaluation}[step]
    response = handler(request, viewer, process)
    if response is not None:
        return response
    return redirect("amo_step", process.pk, step)


def _render_step(
    request: HttpRequest, process: Process, step: int, context: dict[str, object]
) -> HttpResponse:
    steps = [{"n": n, "name": str(s)} for n, s in enumerate(STEPS, start=1)]
    return render(
        request,
        f"amo/step{step}.html",
        {"process": process, "step": step, "steps": steps, **context},
    )


def _mapping(request: HttpRequest, viewer: Viewer, process: Process) -> HttpResponse | None:
    answers = dict(process.answers.values_list("question", "answer"))
    form = AnswersForm(request.POST or None, themes=MAPPING, answers=answers)
    theme_form = ThemeForm()
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "snapshot":
            unit_id = request.POST.get("unit", "")
            unit = (
                units_visible_to(viewer).filter(pk=int(unit_id)).first()
                if unit_id.isdigit()
                else None
            )
            if services.take_snapshot(process, timezone.localdate(), unit):
                messages.success(request, _("The statistics are in the mapping."))
            else:
                messages.error(
                    request,
                    _(
                        "%(unit)s has fewer than five people: its statistics could identify "
                        "someone. Choose a larger unit."
                    )
                    % {"unit": unit.path if unit else ""},
                )
            return None
        if action == "theme":
            theme_form = ThemeForm(request.POST)
            if theme_form.is_valid():
                theme = theme_form.save(commit=False)
                theme.process = process
                theme.save()
                return None
        elif action == "answers" and form.is_valid():
            form.save_answers(MappingAnswer, process=process)
            messages.success(request, _("The answers are saved."))
            return None
    return _render_step(
        request,
        process,
        1,
        {
            "form": form,
            "theme_form": theme_form,
            "themes": process.themes.all(),
            "units": units_visible_to(viewer),
        },
    )


def _priorities(request: HttpRequest, viewer: Viewer, process: Process) -> HttpResponse | None:
    themes = list(process.themes.all())
    placements = [
        (t, PlacementForm(request.POST or None, instance=t, prefix=f"t{t.pk}")) for t in themes
    ]
    plan_form = ActionPlanForm(process=process, users=active_users(viewer.organisation_id))
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "matrix" and all([f.is_valid() for _t, f in placements]):
            for _t, f in placements:
                f.save()
            return None
        if action == "plan":
            plan_form = ActionPlanForm(
                request.POST, process=process, users=active_users(viewer.organisation_id)
            )
            if plan_form.is_valid():
                plan = plan_form.save(commit=False)
                plan.process = process
                plan.organisation_id = process.organisation_id
                plan.save()
                messages.success(request, _("The action plan is saved."))
                return None
    quadrants = {
        f"{reach}_{effect}": [t for t in themes if t.reach == reach and t.effect == effect]
        for reach in ("few", "many")
        for effect in ("small", "large")
    }
    return _render_step(
        request,
        process,
        2,
        {
            "placements": placements,
            "quadrants": quadrants,
            "unplaced": [t for t in themes if not (t.reach and t.effect)],
            "plan_form": plan_form,
            "actions": process.actions.select_related("theme", "responsible"),
        },
    )


def _implementation(request: HttpRequest, viewer: Viewer, process: Process) -> HttpResponse | None:
    form = InformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.process = process
        item.save()
        return None
    return _render_step(
        request,
        process,
        3,
        {"form": form, "items": process.information.all(), "actions": process.actions.all()},
    )


def _evaluation(request: HttpRequest, viewer: Viewer, process: Process) -> HttpResponse | None:
    actions = list(process.actions.select_related("theme"))
    forms_ = [
        (a, EvaluationForm(request.POST or None, instance=a, prefix=f"a{a.pk}")) for a in actions
    ]
    if request.method == "POST" and all([f.is_valid() for _a, f in forms_]):
        today = timezone.localdate()
        for _a, f in forms_:
            if f.has_changed():
                evaluated = f.save(commit=False)
                evaluated.evaluated_on = today
                evaluated.save()
        messages.success(request, _("The evaluation is saved."))
        return None
    return _render_step(
        request,
        process,
        4,
        {"forms": forms_, "questions": [str(q) for q in EVALUATION]},
    )


@login_required
def process_export_view(request: HttpRequest, process_id: int, fmt: str) -> HttpResponse:
    process = get_amo_record(_viewer(request), Process, process_id)
    makers = {"pdf": exports.process_pdf, "xlsx": exports.process_xlsx}
    return _download(makers, fmt, process, f"handleplaner-{process.year}")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(makers: dict[str, Any], fmt: str, record: object, name: str) -> HttpResponse:
    """A document as PDF or XLSX, as the address asks."""
    if fmt not in makers:
        raise Http404
    response = HttpResponse(makers[fmt](record), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- Roles and cooperation -------------------------------------------------------------------


@login_required
def roles_view(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    answers = dict(
        RoleAnswer.objects.filter(organisation_id=viewer.require_organisation()).values_list(
            "question", "answer"
        )
    )
    form = AnswersForm(request.POST or None, themes=ROLES, answers=answers)
    if request.method == "POST" and form.is_valid():
        form.save_answers(RoleAnswer, organisation_id=viewer.organisation_id)
        messages.success(request, _("The roles and cooperation overview is saved."))
        return redirect("amo_roles")
    return render(request, "amo/roles.html", {"form": form})


# --- APV -----------------------------------------------------------------------------------------


@login_required
def apv_view(request: HttpRequest, problem_id: int | None = None) -> HttpResponse:
    viewer = _viewer(request)
    problem = get_amo_record(viewer, ApvProblem, problem_id) if problem_id else None
    form = ApvForm(
        request.POST or None,
        instance=problem,
        units=units_visible_to(viewer),
        actions=amo_records(viewer, ActionPlan),
    )
    if request.method == "POST" and request.POST.get("action") == "evidence" and problem:
        if problem.unit is None:
            messages.error(request, _("Choose the unit first."))
        else:
            today = timezone.localdate()
            evidence = services.unit_evidence(
                problem.unit, dt.date(today.year - 1, today.month, today.day), today, today
            )
            if evidence is None:
                messages.error(
                    request,
                    _(
                        "The unit has fewer than five people: its absence figures would reveal "
                        "individuals, so they cannot be attached."
                    ),
                )
            else:
                problem.evidence = evidence
                problem.save(update_fields=["evidence"])
                messages.success(request, _("The unit's absence figures are attached."))
        return redirect("amo_apv_problem", problem.pk)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation_id = viewer.require_organisation()
        saved.save()
        messages.success(request, _("The APV problem is saved."))
        return redirect("amo_apv_problem", saved.pk)
    return render(
        request,
        "amo/apv.html",
        {"form": form, "problem": problem, "problems": amo_records(viewer, ApvProblem)},
    )


# --- Problem reports -----------------------------------------------------------------------------


@login_required
def reports_view(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    state = request.GET.get("state", "")
    organisation = Organisation.objects.get(pk=viewer.require_organisation())
    if request.method == "POST" and request.POST.get("action") == "renew_link":
        services.renew_report_link(organisation)
        messages.success(
            request, _("The poster has a new address; the old one no longer works. Print it anew.")
        )
        return redirect("amo_reports")
    reports = amo_records(viewer, ProblemReport).select_related("responsible")
    if state in ProblemReport.State.values:
        reports = reports.filter(state=state)
    link = services.report_link(organisation)
    url = request.build_absolute_uri(reverse("report_public", args=[link.token]))
    return render(
        request,
        "amo/reports.html",
        {
            "reports": reports,
            "state": state,
            "states": ProblemReport.State.choices,
            "report_url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=4, dark="#1c2623"),
        },
    )


@login_required
def report_view(request: HttpRequest, report_id: int) -> HttpResponse:
    viewer = _viewer(request)
    report = get_amo_record(viewer, ProblemReport, report_id)
    if request.method == "POST" and request.POST.get("action") == "apv":
        problem = services.move_to_apv(report)
        messages.success(request, _("The report is in the APV register."))
        return redirect("amo_apv_problem", problem.pk)
    form = ReportHandlingForm(
        request.POST or None, instance=report, users=active_users(viewer.organisation_id)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The report is updated."))
        return redirect("amo_report", report.pk)
    return render(request, "amo/report.html", {"report": report, "form": form})


# Limits on what needs no login, so a script cannot flood the AMO's list or try receipt codes:
# per address (one phone, one office's shared address) and per poster link (everyone at once).
# A workplace files a few reports a week; these only stop machines.
REPORTS_PER_ADDRESS = "10/h"
REPORTS_PER_LINK = "60/h"
LOOKUPS_PER_ADDRESS = "30/h"


def _link_key(group: str, request: HttpRequest) -> str:
    return str(request.resolver_match.kwargs.get("token", "")) if request.resolver_match else ""


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "amo/report_limited.html", status=429)


@ratelimit(group="report-file", key="ip", rate=REPORTS_PER_ADDRESS, method="POST", block=False)
@ratelimit(
    group="report-file-link", key=_link_key, rate=REPORTS_PER_LINK, method="POST", block=False
)
def report_public_view(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the organisation's report address (the poster's QR code) can report."""
    link = get_object_or_404(ReportLink.objects.select_related("organisation"), token=token)
    if getattr(request, "limited", False):
        return _too_many(request)
    user = request.user if request.user.is_authenticated else None
    colleague = user is not None and user.organisation_id == link.organisation_id
    form = ReportForm(request.POST or None)
    if not colleague:
        del form.fields["anonymous"]
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.organisation = link.organisation
        if colleague and not form.cleaned_data["anonymous"]:
            report.reporter = user
        if colleague and form.cleaned_data["anonymous"]:
            report.reporter_name = ""
        services.file_report(report)
        return render(request, "amo/report_received.html", {"report": report})
    return render(
        request,
        "amo/report_public.html",
        {"form": form, "organisation": link.organisation, "colleague": colleague},
    )


@ratelimit(group="report-lookup", key="ip", rate=LOOKUPS_PER_ADDRESS, block=False)
def report_status_view(request: HttpRequest) -> HttpResponse:
    """The reporter follows a report by its receipt code, anonymous or not."""
    form = StatusForm(request.POST or request.GET or None)
    report = None
    if form.is_bound and getattr(request, "limited", False):
        return _too_many(request)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"].strip().upper().replace(" ", "")
        if len(code) == 8 and "-" not in code:
            code = f"{code[:4]}-{code[4:]}"
        report = ProblemReport.objects.filter(code=code).first()
        if report is None:
            form.add_error("code", _("No report has this code. Check it and try again."))
    return render(request, "amo/report_status.html", {"form": form, "report": report})


@login_required
def my_report_link_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The menu's "Report a problem": the organisation's report page."""
    organisation = request.user.organisation
    if organisation is None or organisation.kind != Organisation.Kind.EMPLOYER:
        raise PermissionDenied
    return redirect("report_public", services.report_link(organisation).token)


# --- The annual discussion ---------------------------------------------------------------------


def _discussion(viewer: Viewer, year: int, *, refresh: bool = False) -> AnnualDiscussion:
    """The year's discussion, with what the year's work showed filled in the first time (and
    again when asked). A year that cannot have a discussion (before the years the system works
    with, or after next year) does not exist: 404, and nothing is created."""
    if not (plausibility.EARLIEST.year <= year <= timezone.localdate().year + 1):
        raise Http404
    discussion, _created = AnnualDiscussion.objects.get_or_create(
        organisation_id=viewer.require_organisation(), year=year
    )
    if refresh or discussion.basis is None:
        discussion.basis = services.annual_basis(
            viewer.organisation_id or 0, year, timezone.localdate()
        )
        discussion.save(update_fields=["basis"])
    return discussion


@login_required
def annual_view(request: HttpRequest, year: int) -> HttpResponse:
    refresh = request.method == "POST" and request.POST.get("action") == "basis"
    discussion = _discussion(_viewer(request), year, refresh=refresh)
    if refresh:
        messages.success(request, _("The basis is updated with the year's work."))
        return redirect("amo_annual", year)
    form = AnnualForm(request.POST or None, instance=discussion)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The annual discussion is saved."))
        return redirect("amo_annual", year)
    return render(
        request, "amo/annual.html", {"form": form, "discussion": discussion, "year": year}
    )


@login_required
def annual_export_view(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    discussion = _discussion(_viewer(request), year)
    makers = {"pdf": exports.annual_pdf, "xlsx": exports.annual_xlsx}
    return _download(makers, fmt, discussion, f"arbejdsmiljoedroeftelse-{year}")
