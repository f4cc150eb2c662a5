"""Running an import from the web as a task: the request stores the file and queues the job; a
worker parses, checks and imports it, reporting progress on the ``ImportJob`` row, which the
page polls with htmx. A job whose worker stops is run again by the next worker
(``naervaer.operations.queue``) or, after too many attempts, fails with a clear message."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from naervaer.importexport.importers import (
    ImportResult,
    RowError,
    import_absences,
    import_employees,
)
from naervaer.importexport.models import ImportJob
from naervaer.importexport.tabular import FileProblem, read_table
from naervaer.people.models import Organisation

logger = logging.getLogger(__name__)
IMPORTERS = {ImportJob.Kind.EMPLOYEES: import_employees, ImportJob.Kind.ABSENCES: import_absences}
WORKER_STOPPED = gettext_noop(
    "The import stopped before it finished (the background worker stopped). Nothing was "
    "imported; import the file again."
)
FAILED = gettext_noop("The import failed unexpectedly. Nothing was imported.")


def start_import(org: Organisation, kind: str, filename: str, data: bytes, by: Any) -> ImportJob:
    """Store the file and queue its import, in one transaction: a web worker that dies here
    leaves either nothing or a queued job a task worker will run."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=org, kind=kind, filename=filename, uploaded_by=by, data=data
        )
        run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("organisation", "uploaded_by").get(pk=job_id)
    if not job.active:
        return job.status  # finished by an earlier attempt whose result was lost
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, processed_rows=0)
    try:
        table = read_table(bytes(job.data), job.filename)
    except FileProblem as exc:
        return _finish(job, ImportResult(errors=[RowError(0, str(exc))])).status
    job.total_rows = len(table.rows)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    importer = IMPORTERS[ImportJob.Kind(job.kind)]
    result = importer(job.organisation, table, by=job.uploaded_by, progress=progress)
    return _finish(job, result).status


@receiver(task_finished)
def _fail_job_of_failed_task(sender: object, task_result: Any, **kwargs: object) -> None:
    """A task that raised, or whose worker stopped too often: its job fails, never hangs."""
    if task_result.task.module_path != run_import.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    stopped = any(e.exception_class_path.endswith("WorkerStopped") for e in task_result.errors)
    job = ImportJob.objects.filter(pk=task_result.args[0]).first()
    if job is None or not job.active:
        return
    logger.error("Import %s failed: %s", job.pk, [e.traceback for e in task_result.errors])
    _finish(job, ImportResult(errors=[RowError(0, _(WORKER_STOPPED if stopped else FAILED))]))


def _finish(job: ImportJob, result: ImportResult) -> ImportJob:
    job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.errors = [e.as_dict() for e in result.errors]
    job.processed_rows = job.total_rows
    job.data = b""
    job.save()
    return job
