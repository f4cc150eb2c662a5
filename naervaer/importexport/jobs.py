"""Running an import from the web: small files at once, large ones in a background thread
that reports its progress on the ``ImportJob`` row, which the page polls with htmx."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.translation import gettext as _

from naervaer.importexport.importers import (
    ImportResult,
    RowError,
    import_absences,
    import_employees,
)
from naervaer.importexport.models import ImportJob
from naervaer.importexport.tabular import FileProblem, Table, read_table
from naervaer.people.models import Organisation

logger = logging.getLogger(__name__)
IMPORTERS = {ImportJob.Kind.EMPLOYEES: import_employees, ImportJob.Kind.ABSENCES: import_absences}


def start_import(org: Organisation, kind: str, filename: str, data: bytes, by: Any) -> ImportJob:
    job = ImportJob.objects.create(organisation=org, kind=kind, filename=filename, uploaded_by=by)
    try:
        table = read_table(data, filename)
    except FileProblem as exc:
        _finish(job, ImportResult(errors=[RowError(0, str(exc))]))
        return job
    job.total_rows = len(table.rows)
    job.save(update_fields=["total_rows"])
    if len(table.rows) > settings.IMPORT_BACKGROUND_ROWS:
        thread = threading.Thread(target=_run_in_thread, args=(job.pk, table, by), daemon=True)
        thread.start()
    else:
        run_job(job, table, by)
    return job


def run_job(job: ImportJob, table: Table, by: Any) -> ImportJob:
    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    importer = IMPORTERS[ImportJob.Kind(job.kind)]
    result = importer(job.organisation, table, by=by, progress=progress)
    return _finish(job, result)


def _run_in_thread(job_id: int, table: Table, by: Any) -> None:
    close_old_connections()
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    try:
        run_job(job, table, by)
    except Exception:
        logger.exception("Import %s failed", job_id)
        _finish(job, ImportResult(errors=[RowError(0, _("The import failed unexpectedly."))]))
    finally:
        close_old_connections()


def _finish(job: ImportJob, result: ImportResult) -> ImportJob:
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.errors = [e.as_dict() for e in result.errors]
    job.processed_rows = job.total_rows
    job.save()
    return job
