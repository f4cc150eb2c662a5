"""The AMO's front page: the year's processes, and what is open in reports, APV and actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import amo_records
from naervaer.amo.forms import ProcessForm
from naervaer.amo.models import ActionPlan, ApvProblem, ProblemReport, Process
from naervaer.amo.views.common import amo_viewer
from naervaer.http import AuthenticatedHttpRequest


@login_required
def amo_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = amo_viewer(request)
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
