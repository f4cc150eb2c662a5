"""``naervaer worker``: run background tasks (imports, large exports, statistics, reminders).

Django Tasks' database worker (``db_worker``, same options), plus what it lacks: a heartbeat,
and at start and then every ``--recover-every`` seconds the recovery of tasks whose worker has
gone (``naervaer.operations.queue``). Run one or more per machine, on as many machines as share
the database; stop with SIGTERM or Ctrl-C (the running task finishes first).
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from naervaer.operations.queue import beat, new_worker_id, recover_stale_tasks

logger = logging.getLogger(__name__)


def _keep_alive(worker_id: str, every: float, stop: threading.Event) -> None:
    while True:
        try:
            beat(worker_id)
            recover_stale_tasks()
        except DatabaseError:  # e.g. SQLite locked by a long import: try again next time
            logger.warning("Worker %s: heartbeat or recovery failed; retrying", worker_id)
        finally:
            connection.close()
        if stop.wait(every):
            return


class Command(DbWorkerCommand):
    help = "Run background tasks; tasks of workers that stopped are run again or failed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--recover-every",
            type=float,
            default=10.0,
            help="seconds between heartbeats and checks for stopped workers (default: 10)",
        )
        parser.set_defaults(worker_id=new_worker_id(), reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        keeper = threading.Thread(
            target=_keep_alive,
            args=(options["worker_id"], options.pop("recover_every"), stop),
            daemon=True,
            name="naervaer-worker-heartbeat",
        )
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
