"""An import run: who imported what, how far it has come, and what was wrong.

The uploaded file holds health data: it is kept only until a worker has imported it (so an
import survives a restarted web or task worker), then erased; what stays is counts and errors.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Organisation


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        EMPLOYEES = "employees", _("Employees")
        ABSENCES = "absences", _("Absence")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("file"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [{"row": 7, "message": "..."}]; a row of 0 is a problem with the whole file.
    errors = models.JSONField(default=list)
    # The file until it has been imported; empty afterwards.
    data = models.BinaryField(default=b"")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent_done(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class ExportJob(models.Model):
    """A large export, built by a task worker and downloaded by the user who asked for it.

    The file holds health data: only its requester may download it, and it is deleted
    ``EXPORT_KEEP_HOURS`` after it was asked for (``naervaer.importexport.export_jobs``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    format = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(default=0)  # written so far; when done, all of them
    total_rows = models.PositiveIntegerField(default=0)  # about: counted when asked for
    file = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.created_at:%Y-%m-%d}.{self.format}"

    @property
    def expires_at(self) -> dt.datetime:
        return self.created_at + dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.rows / self.total_rows)) if self.total_rows else 0
