"""The 4-step process (mapping, priorities, implementation, evaluation), its action plans as a
document, and the industry's starting themes (``naervaer.amo.prevention``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naervaer.access import Viewer, get_amo_record, units_visible_to
from naervaer.amo import exports, services
from naervaer.amo.content import EVALUATION, MAPPING, STEPS
from naervaer.amo.forms import (
    ActionPlanForm,
    AnswersForm,
    EvaluationForm,
    InformationForm,
    PlacementForm,
    ThemeForm,
)
from naervaer.amo.models import MappingAnswer, Process, Theme
from naervaer.amo.prevention import starting_themes
from naervaer.amo.views.common import amo_viewer, download
from naervaer.http import AuthenticatedHttpRequest
from naervaer.people.services import active_users


@login_required
def step_view(request: AuthenticatedHttpRequest, process_id: int, step: int) -> HttpResponse:
    viewer = amo_viewer(request)
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
def process_export_view(
    request: AuthenticatedHttpRequest, process_id: int, fmt: str
) -> HttpResponse:
    process = get_amo_record(amo_viewer(request), Process, process_id)
    makers = {"pdf": exports.process_pdf, "xlsx": exports.process_xlsx}
    return download(makers, fmt, process, f"handleplaner-{process.year}")


@login_required
@require_POST
def industry_themes_view(request: AuthenticatedHttpRequest, process_id: int) -> HttpResponse:
    process = get_amo_record(amo_viewer(request), Process, process_id)
    _industry, themes = starting_themes(process.organisation.industry_code or "")
    present = set(process.themes.values_list("title", flat=True))
    added = [
        Theme.objects.create(
            process=process,
            title=str(t.title),
            description=_("%(look_at)s First action: %(action)s")
            % {"look_at": t.look_at, "action": t.first_action},
        )
        for t in themes
        if str(t.title) not in present
    ]
    messages.success(request, _("%(n)d themes added. Place them in step 2.") % {"n": len(added)})
    return redirect("amo_step", process.pk, 1)
