"""The AMO's record of inspections and advice (AMO and HR of the organisation, through
``naervaer.access``). Nothing here is about a person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import (
    Viewer,
    amo_records,
    can_run_amo,
    get_amo_record,
    request_viewer,
    units_visible_to,
)
from naervaer.http import AuthenticatedHttpRequest
from naervaer.inspections.forms import AdviceForm, DecisionForm, DoneForm, InspectionForm
from naervaer.inspections.models import Advice, Decision, Inspection
from naervaer.people.services import active_users


def _viewer(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not can_run_amo(viewer):
        raise PermissionDenied
    return viewer


def _decisions(viewer: Viewer) -> QuerySet[Decision]:
    return Decision.objects.filter(inspection__in=amo_records(viewer, Inspection)).select_related(
        "inspection", "responsible"
    )


@login_required
def inspections_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    return render(
        request,
        "inspections/overview.html",
        {
            "today": timezone.localdate(),
            "inspections": amo_records(viewer, Inspection).select_related("unit"),
            "open_decisions": _decisions(viewer).filter(done_on__isnull=True),
            "advice": amo_records(viewer, Advice).select_related("decision"),
        },
    )


@login_required
def inspection_new_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    inspection = Inspection(organisation_id=viewer.require_organisation())
    form = InspectionForm(request.POST or None, instance=inspection, units=units_visible_to(viewer))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The inspection is recorded. Add its decisions below."))
        return redirect("inspection", inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form})


@login_required
def inspection_view(request: AuthenticatedHttpRequest, inspection_id: int) -> HttpResponse:
    """The visit, its decisions, a form for a new decision, and "complied with on" for each
    open one."""
    viewer = _viewer(request)
    inspection = get_amo_record(viewer, Inspection, inspection_id)
    users = active_users(viewer.organisation_id)
    form = DecisionForm(users=users)
    done_errors: dict[int, list[str]] = {}
    if request.method == "POST" and request.POST.get("decision"):
        decision = inspection.decisions.filter(pk=request.POST["decision"]).first()
        if decision is None:
            raise PermissionDenied
        done = DoneForm(request.POST, instance=decision)
        if done.is_valid():
            done.save()
            messages.success(request, _("The decision is marked as complied with."))
            return redirect("inspection", inspection.pk)
        done_errors[decision.pk] = [str(e) for errors in done.errors.values() for e in errors]
    elif request.method == "POST":
        form = DecisionForm(request.POST, instance=Decision(inspection=inspection), users=users)
        if form.is_valid():
            form.save()
            messages.success(request, _("The decision is saved."))
            return redirect("inspection", inspection.pk)
    return render(
        request,
        "inspections/inspection.html",
        {
            "inspection": inspection,
            "decisions": inspection.decisions.select_related("responsible"),
            "done_errors": done_errors,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def advice_view(request: AuthenticatedHttpRequest, advice_id: int | None = None) -> HttpResponse:
    viewer = _viewer(request)
    advice = (
        get_amo_record(viewer, Advice, advice_id)
        if advice_id is not None
        else Advice(organisation_id=viewer.require_organisation())
    )
    form = AdviceForm(request.POST or None, instance=advice, decisions=_decisions(viewer))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The advice is saved."))
        return redirect("inspections")
    scheme, most = advice.subsidy() if advice.pk else (None, None)
    return render(
        request,
        "inspections/advice_form.html",
        {"form": form, "advice": advice, "scheme": scheme, "most": most},
        status=400 if request.method == "POST" else 200,
    )
