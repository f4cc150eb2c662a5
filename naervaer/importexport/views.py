"""Import and export for HR: upload a payroll file, watch it run, read every error by row."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.access import (
    can_import_and_export,
    own_organisation,
    request_viewer,
)
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.exports import CSV_TYPE, XLSX_TYPE, Sheet, csv_response, xlsx_response
from naervaer.http import AuthenticatedHttpRequest
from naervaer.importexport.export_jobs import (
    delete_export,
    exported_people,
    rows_for,
    start_export,
)
from naervaer.importexport.exporters import COLUMNS
from naervaer.importexport.jobs import start_import
from naervaer.importexport.models import ExportJob, ImportJob


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is in the file"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Semicolon or comma separated; dates as dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd; "
            "UTF-8 or Windows-1252."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


def _require_hr(request: AuthenticatedHttpRequest) -> None:
    if not can_import_and_export(request_viewer(request)):
        raise PermissionDenied


@login_required
def import_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_hr(request)
    viewer = request_viewer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_import(
            own_organisation(request.user),
            form.cleaned_data["kind"],
            upload.name,
            upload.read(),
            request.user,
        )
        return redirect("import_job", job.pk)
    jobs = ImportJob.objects.filter(organisation_id=viewer.require_organisation())[:10]
    return render(
        request,
        "importexport/import.html",
        {"form": form, "jobs": jobs, "columns": COLUMNS},
    )


@login_required
def import_job_view(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    _require_hr(request)
    job = get_object_or_404(
        ImportJob, pk=job_id, organisation_id=request_viewer(request).organisation_id
    )
    template = (
        "importexport/_job.html" if request.headers.get("HX-Request") else "importexport/job.html"
    )
    return render(request, template, {"job": job})


@login_required
def export_view(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    """The file at once, streamed; more than ``EXPORT_BACKGROUND_ROWS`` rows
    (``EXPORT_BACKGROUND_ROWS_XLSX`` for an XLSX): built by a worker (``export_jobs``) and
    offered on the export's page."""
    _require_hr(request)
    if kind not in COLUMNS or fmt not in {"csv", "xlsx"}:
        raise Http404
    viewer = request_viewer(request)
    count, rows = rows_for(request.user, kind)
    if kind == "absences":
        record(
            request.user,
            viewer.require_organisation(),
            Action.EXPORT,
            exported_people(viewer),
            f"absences.{fmt}",
        )
    limit = (
        settings.EXPORT_BACKGROUND_ROWS_XLSX if fmt == "xlsx" else settings.EXPORT_BACKGROUND_ROWS
    )
    if count > limit:
        job = start_export(request.user, kind, fmt, count)
        return redirect("export_job", job.pk)
    filename = f"{kind}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, [Sheet(kind, COLUMNS[kind], rows)])
    return csv_response(filename, COLUMNS[kind], rows)


def _own_export(request: AuthenticatedHttpRequest, job_id: int) -> ExportJob:
    _require_hr(request)
    return get_object_or_404(ExportJob, pk=job_id, requested_by=request.user)


@login_required
def export_job_view(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = _own_export(request, job_id)
    template = (
        "importexport/_export_job.html"
        if request.headers.get("HX-Request")
        else "importexport/export_job.html"
    )
    return render(request, template, {"job": job})


@login_required
def export_download_view(request: AuthenticatedHttpRequest, job_id: int) -> FileResponse:
    """The built file, to its requester, until it expires; an absence file's download is
    audited as an export of the people the requester may see."""
    job = _own_export(request, job_id)
    if job.expired:
        delete_export.call(job.pk)
        raise Http404
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    if job.kind == "absences":
        viewer = request_viewer(request)
        record(
            request.user,
            job.organisation_id,
            Action.EXPORT,
            exported_people(viewer),
            f"absences.{job.format} (download)",
        )
    content_type = XLSX_TYPE if job.format == "xlsx" else CSV_TYPE
    response = FileResponse(job.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response
