"""The task queue's one missing piece: tasks whose worker has gone.

Tasks use Django's Tasks API (the ``django-tasks`` backport) with the database backend
(``django-tasks-db``): a task is a row that a ``naervaer worker`` process claims and runs. A
worker that is killed (SIGKILL, out of memory, a lost machine) never writes a result, and the
backend has no recovery of its own, so its task would stay RUNNING for ever. Here:

- each worker's id names its machine and process (``host:pid:random``), and the worker writes a
  heartbeat every few seconds (``WorkerHeartbeat``);
- a worker is *gone* when its process no longer exists (a worker on this machine), or when
  nothing has been heard from it (heartbeat, or the task's start) for ``TASK_LEASE_SECONDS`` (a
  worker on another machine);
- ``recover_stale_tasks`` puts a gone worker's task back in the queue, unless it has already been
  tried ``TASK_MAX_ATTEMPTS`` times: then it fails with ``WorkerStopped``, and ``task_finished``
  is sent, so the job that waits for it (an import, an export) fails with a clear message.

Every worker runs it at start and then periodically. Our tasks are safe to run again: each does
its writes in one transaction (a killed worker's transaction is rolled back) and finished jobs
are not run twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.models import DBTaskResult

from naervaer.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
HOST = socket.gethostname()[:40]


class WorkerStopped(Exception):
    """The worker running the task stopped (killed, or its machine lost) too many times."""


def new_worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{get_random_string(8)}"


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def worker_gone(
    worker_id: str, last_sign: dt.datetime, now: dt.datetime, lease: dt.timedelta
) -> bool:
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host == HOST and pid.isdigit():
        # On this machine the process itself answers (a heartbeat may be held up while SQLite
        # is locked by a long import; the process is not gone for that).
        return not _process_exists(int(pid))
    return now - last_sign > lease


def recover_stale_tasks(now: dt.datetime | None = None) -> tuple[list[str], list[str]]:
    """Requeue or fail the RUNNING tasks whose worker is gone; returns (requeued, failed) ids."""
    now = now or timezone.now()
    lease = dt.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    requeued: list[str] = []
    failed: list[DBTaskResult[Any, Any]] = []
    with transaction.atomic():
        running = list(DBTaskResult.objects.running().select_for_update(skip_locked=True))
        worker_ids = {t.worker_ids[-1] for t in running if t.worker_ids}
        seen = dict(
            WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).values_list(
                "worker_id", "seen_at"
            )
        )
        for task in running:
            worker_id = task.worker_ids[-1] if task.worker_ids else ""
            last_sign = max(filter(None, [seen.get(worker_id), task.started_at, task.enqueued_at]))
            if not worker_gone(worker_id, last_sign, now, lease):
                continue
            if len(task.worker_ids) < settings.TASK_MAX_ATTEMPTS:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued.append(str(task.id))
                logger.warning("Task %s: worker %s stopped; queued again", task.id, worker_id)
            else:
                task.set_failed(
                    WorkerStopped(
                        f"the worker stopped while running it, {len(task.worker_ids)} times"
                    )
                )
                failed.append(task)
                logger.error("Task %s: worker %s stopped; failed", task.id, worker_id)
        WorkerHeartbeat.objects.filter(seen_at__lt=now - 10 * lease).delete()
    for task in failed:
        try:
            result = task.task_result
        except ImportError:  # the task's code is gone: nobody waits for it
            continue
        task_finished.send(sender=DatabaseBackend, task_result=result)
    return requeued, [str(t.id) for t in failed]
