"""The employee's download of all their data."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from naervaer.access import get_person_for, request_viewer
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.operations.personal_data import personal_data, personal_data_pdf


@login_required
def my_data_view(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise PermissionDenied
    person = get_person_for(viewer, viewer.person_id)
    record(request.user, viewer.organisation_id, Action.EXPORT, [person], "own data")
    data = json.dumps(personal_data(person), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data-naervaer.json"'
    return response


@login_required
def my_data_pdf_view(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise PermissionDenied
    person = get_person_for(viewer, viewer.person_id)
    record(request.user, viewer.organisation_id, Action.EXPORT, [person], "own data (PDF)")
    response = HttpResponse(personal_data_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mine-data-naervaer.pdf"'
    return response
