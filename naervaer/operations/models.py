"""Task workers' signs of life, so a task whose worker has gone can be run again or failed."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """Written every few seconds by each ``naervaer worker`` process (``naervaer.operations.queue``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"
