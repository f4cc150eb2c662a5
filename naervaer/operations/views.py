"""Downloads of personal data: the employee's own, and the administrator's organisation export."""

from __future__ import annotations

import io
import json
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from naervaer.access import (
    can_export_organisation,
    get_person_for,
    own_organisation,
    request_viewer,
)
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.http import AuthenticatedHttpRequest
from naervaer.operations.organisation_export import export_filename, export_organisation
from naervaer.operations.personal_data import personal_data, personal_data_pdf
from naervaer.people.models import Person


def _own_person(request: HttpRequest, detail: str) -> Person:
    """The logged-in employee's own person, with the download written to the audit log."""
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise PermissionDenied
    person = get_person_for(viewer, viewer.person_id)
    record(request.user, viewer.require_organisation(), Action.EXPORT, [person], detail)
    return person


@login_required
def my_data_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _own_person(request, "own data")
    data = json.dumps(personal_data(person), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mine-data-naervaer.json"'
    return response


@login_required
def my_data_pdf_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _own_person(request, "own data (PDF)")
    response = HttpResponse(personal_data_pdf(person), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mine-data-naervaer.pdf"'
    return response


@login_required
@require_POST
def organisation_export_view(request: AuthenticatedHttpRequest) -> FileResponse:
    """POST, because it is a deliberate act that the audit log records, not a link to follow."""
    viewer = request_viewer(request)
    if not can_export_organisation(viewer):
        raise PermissionDenied
    organisation = own_organisation(request.user)
    record(request.user, organisation.pk, Action.EXPORT, (), "organisation")
    # Kept in memory up to 16 MB, then on disk; FileResponse closes it when sent.
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8")
    export_organisation(organisation, text)
    text.flush()
    text.detach()
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export_filename(organisation, timezone.localdate()),
        content_type="application/json; charset=utf-8",
    )
