"""The audit log as a CSV file for HR and administrators (e.g. for a data-protection audit).

The same search as the log page; Danish Excel's format (semicolon, UTF-8 with BOM, dates as
dd.mm.yyyy); streamed, since a log holds millions of rows. Exporting the log is itself
recorded, as one row, so the export cannot bury the log it exports.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import can_export_audit_log, request_viewer
from naervaer.audit.models import Action, AuditEvent
from naervaer.audit.services import record
from naervaer.audit.views import AuditSearchForm, search
from naervaer.http import AuthenticatedHttpRequest


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(
        [_("When"), _("Who"), _("What"), _("Whose data"), _("Employee number"), _("Detail")]
    )
    labels = dict(Action.choices)
    for e in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
                e.actor_label,
                str(labels.get(e.action, e.action)),
                ", ".join(p.name for p in e.subjects.all()),
                ", ".join(p.employee_id for p in e.subjects.all()),
                e.detail,
            ]
        )


@login_required
def audit_export_view(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    viewer = request_viewer(request)
    if not can_export_audit_log(viewer):
        raise PermissionDenied
    organisation_id = viewer.require_organisation()
    form = AuditSearchForm(request.GET or None)
    events = search(
        AuditEvent.objects.filter(organisation_id=organisation_id).prefetch_related("subjects"),
        form,
    ).order_by("-at", "-pk")
    query = request.GET.urlencode()
    record(
        request.user,
        organisation_id,
        Action.EXPORT,
        [],
        f"audit log ({events.count()} rows){': ' + query if query else ''}",
    )
    response = StreamingHttpResponse(_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="logbog-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response
