"""The APV register: the workplace assessment's problems, with a unit's absence figures
attached when the unit is large enough not to reveal anyone."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import amo_records, get_amo_record, units_visible_to
from naervaer.amo import services
from naervaer.amo.forms import ApvForm
from naervaer.amo.models import ActionPlan, ApvProblem
from naervaer.amo.views.common import amo_viewer
from naervaer.http import AuthenticatedHttpRequest


@login_required
def apv_view(request: AuthenticatedHttpRequest, problem_id: int | None = None) -> HttpResponse:
    viewer = amo_viewer(request)
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
