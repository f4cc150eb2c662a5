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
from django.db.models import Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.access import can_export_audit_log, request_viewer
from naervaer.audit.models import Action, AuditEvent
from naervaer.audit.services import record
from naervaer.audit.views import AuditSearchForm


def search(events: QuerySet[AuditEvent], form: AuditSearchForm) -> QuerySet[AuditEvent]:
    """The events matching the log page's search form (all of them when it is empty)."""
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["who"]:
        events = events.filter(actor_label__icontains=data["who"])
    if data["whose"]:
        events = events.filter(
            Q(subject__name__icontains=data["whose"]) | Q(subject__employee_id=data["whose"])
        )
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["since"]:
        events = events.filter(at__date__gte=data["since"])
    if data["until"]:
        events = events.filter(at__date__lte=data["until"])
    return events


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
                e.subject.name if e.subject else "",
                e.subject.employee_id if e.subject else "",
                e.detail,
            ]
        )


@login_required
def audit_export_view(request: HttpRequest) -> StreamingHttpResponse:
    viewer = request_viewer(request)
    if not can_export_audit_log(viewer):
        raise PermissionDenied
    organisation_id: int = viewer.organisation_id  # type: ignore[assignment]
    form = AuditSearchForm(request.GET or None)
    events = search(
        AuditEvent.objects.filter(organisation_id=organisation_id).select_related("subject"),
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
