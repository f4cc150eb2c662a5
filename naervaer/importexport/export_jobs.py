"""Exports too large for a request: a task writes the file (constant memory), the page polls,
and the requester downloads it. The rows are the requester's own view (``naervaer.access``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.files import File
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from naervaer.access import people_with_absence_access, spells_visible_to, viewer_for
from naervaer.exports import Sheet, csv_chunks, write_xlsx
from naervaer.importexport.exporters import COLUMNS, Row, absence_rows, employee_rows
from naervaer.importexport.models import ExportJob
from naervaer.people.models import Employment, User


def rows_for(user: User, kind: str) -> tuple[int, Iterator[Row]]:
    """How many rows (about: a partial return adds rows), and the rows, of ``kind`` that
    ``user`` may export."""
    viewer = viewer_for(user)
    if kind == "employees":
        people = people_with_absence_access(viewer)
        return Employment.objects.filter(person__in=people).count(), employee_rows(people)
    spells = spells_visible_to(viewer)
    return spells.count(), absence_rows(spells)


def start_export(user: User, kind: str, fmt: str) -> ExportJob:
    _delete_old_files()
    job = ExportJob.objects.create(
        organisation_id=viewer_for(user).require_organisation(),
        requested_by=user,
        kind=kind,
        format=fmt,
    )
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def build_export(job_id: int) -> str:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if not job.active:
        return job.status
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    count, rows = rows_for(job.requested_by, job.kind)
    with tempfile.TemporaryFile() as file:
        if job.format == "xlsx":
            write_xlsx([Sheet(job.kind, COLUMNS[job.kind], rows)], file)
        else:
            for chunk in csv_chunks(COLUMNS[job.kind], rows):
                file.write(chunk)
        file.seek(0)
        job.file.save(f"{job.pk}-{job.filename}", File(file), save=False)
    job.rows, job.status = count, ExportJob.Status.DONE
    job.save(update_fields=["file", "rows", "status"])
    return job.status


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


def _delete_old_files() -> None:
    cutoff = timezone.now() - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=False)
        job.delete()
