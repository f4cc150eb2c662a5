"""``naervaer backup [FILE]``: a consistent copy of the database, safe while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.operations.backup import BackupError, backup, suffix


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="default: var/backups/…")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["file"] or (
            Path(settings.VAR_DIR)
            / "backups"
            / f"naervaer-{timezone.now():%Y%m%d-%H%M%S}{suffix()}"
        )
        try:
            backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target}"))
