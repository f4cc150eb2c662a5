"""The retention plan as a document (PDF) for the employee to take to the municipality."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from naervaer.access import can_follow_up, get_case_for, request_viewer
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup.models import RetentionPlan
from naervaer.followup.pdf import retention_plan_pdf
from naervaer.http import AuthenticatedHttpRequest


@login_required
def plan_pdf_view(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The employee (who takes it to the municipality, SDPL § 7 b stk. 3) and whoever follows
    up their absence."""
    viewer = request_viewer(request)
    case = get_case_for(viewer, case_id)
    if not (case.person_id == viewer.person_id or can_follow_up(viewer, case.person)):
        raise PermissionDenied
    plan = get_object_or_404(
        RetentionPlan.objects.select_related("case__person__organisation").prefetch_related(
            "steps"
        ),
        case=case,
    )
    record(
        request.user, case.person.organisation_id, Action.EXPORT, [case.person], "retention plan"
    )
    response = HttpResponse(retention_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="fastholdelsesplan-{case.person.employee_id}.pdf"'
    )
    return response
