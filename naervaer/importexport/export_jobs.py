"""Exports too large for a request: a task writes the file (constant memory), the page polls
and shows how far it has come, and only the requester downloads it.

The file holds health data. The rows are the requester's own view (``naervaer.access``); the
request is audited as an export of the people in it, and so is every download. A file is kept
``EXPORT_KEEP_HOURS`` after it was asked for: then a deferred task deletes it (and, for a
task backend that cannot defer, the next export request sweeps it away); a download after that
time finds nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from naervaer.absence.models import AbsenceSpell
from naervaer.access import Viewer, people_with_absence_access, spells_visible_to, viewer_for
from naervaer.exports import Sheet, csv_chunks, write_xlsx
from naervaer.importexport.exporters import (
    COLUMNS,
    AbsenceRows,
    Row,
    absence_rows_of,
    employee_rows,
)
from naervaer.importexport.models import ExportJob
from naervaer.people.models import Employment, User

PROGRESS_EVERY = 10_000  # rows between two progress updates of the job's row


def rows_for(user: User, kind: str) -> tuple[int, Iterable[Row]]:
    """How many rows (about: a partial return adds rows), and the rows, of ``kind`` that
    ``user`` may export."""
    viewer = viewer_for(user)
    if kind == "employees":
        count = Employment.objects.filter(person__in=people_with_absence_access(viewer)).count()
    else:
        count = spells_visible_to(viewer).count()
    return count, export_rows(user, kind)


def exported_people(viewer: Viewer) -> QuerySet[AbsenceSpell, int]:
    """The ids of the people in ``viewer``'s absence export, each once, for its audit event.
    Without ``order_by()`` the spells' own order (by first day) joins the ``DISTINCT``, and a
    large employer's export read and audited each of 1.4 million spells (7 s a request)."""
    return spells_visible_to(viewer).order_by().values_list("person_id", flat=True).distinct()


def export_rows(user: User, kind: str) -> Iterable[Row]:
    """The rows of ``kind`` that ``user`` may export (``rows_for`` without the count)."""
    viewer = viewer_for(user)
    people = people_with_absence_access(viewer)
    if kind == "employees":
        return employee_rows(people)
    # The spells of the people whose absence the user may see (``spells_visible_to``).
    return absence_rows_of(viewer.require_organisation(), people)


def write_export(
    kind: str,
    rows: Iterable[Row],
    fmt: str,
    target: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` of ``kind`` as CSV or XLSX to ``target``; returns the number of rows.
    ``progress(written)`` is called every ``PROGRESS_EVERY`` rows."""
    written = 0

    def counted() -> Iterator[Row]:
        nonlocal written
        for written, row in enumerate(rows, start=1):
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written)
            yield row

    if fmt == "csv" and isinstance(rows, AbsenceRows):
        # Written by the database (``WritesOwnCsv``), hundreds of thousands of rows a second:
        # the count once at the end. Not while it streams: the connection is busy with the
        # COPY (PostgreSQL), or holds the snapshot it began with (SQLite).
        for chunk in csv_chunks(COLUMNS[kind], rows):
            target.write(chunk)
        if progress is not None:
            progress(rows.written)
        return rows.written
    if fmt == "xlsx":
        write_xlsx([Sheet(kind, COLUMNS[kind], counted())], target)
    else:
        for chunk in csv_chunks(COLUMNS[kind], counted()):
            target.write(chunk)
    return written


def start_export(user: User, kind: str, fmt: str, total_rows: int) -> ExportJob:
    delete_expired_exports()
    job = ExportJob.objects.create(
        organisation_id=viewer_for(user).require_organisation(),
        requested_by=user,
        kind=kind,
        format=fmt,
        total_rows=total_rows,
    )
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def build_export(job_id: int) -> str:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if not job.active:
        return job.status
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows=0)
    rows = export_rows(job.requested_by, job.kind)

    def progress(written: int) -> None:
        # SQLite: this connection is in the middle of reading the export (one statement, one
        # snapshot); once anyone else has written since, a write on it fails at once with
        # "database is locked" (a stale snapshot, which no waiting cures). The count on the
        # page is only a guide: skip it then, and let the file be written.
        try:
            with transaction.atomic():
                ExportJob.objects.filter(pk=job.pk).update(rows=written)
        except OperationalError:
            if connection.vendor != "sqlite":
                raise

    with tempfile.TemporaryFile() as file:
        job.rows = write_export(job.kind, rows, job.format, file, progress)
        file.seek(0)
        job.file.save(f"{job.pk}-{job.filename}", File(file), save=False)
    job.status = ExportJob.Status.DONE
    job.save(update_fields=["file", "rows", "status"])
    if delete_export.get_backend().supports_defer:
        delete_export.using(run_after=job.expires_at).enqueue(job.pk)
    return job.status


@task()
def delete_export(job_id: int) -> None:
    """The file and its job, once the time to download it is over."""
    for job in ExportJob.objects.filter(pk=job_id):
        _delete(job)


# Any: a TaskResult of django_tasks today, of django.tasks from Django 6 (compat's types name the
# latter only).
@receiver(task_finished)
def _fail_job_of_failed_task(sender: object, task_result: Any, **kwargs: object) -> None:
    if task_result.task.module_path != build_export.module_path:
        return
    if task_result.status == TaskResultStatus.FAILED:
        ExportJob.objects.filter(
            pk=task_result.args[0],
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
        ).update(status=ExportJob.Status.FAILED)


def delete_expired_exports() -> None:
    cutoff = timezone.now() - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    for job in ExportJob.objects.filter(created_at__lt=cutoff):
        _delete(job)


def _delete(job: ExportJob) -> None:
    if job.file:
        job.file.delete(save=False)
    job.delete()
