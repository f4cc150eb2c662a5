"""``naervaer restore FILE --yes``: replace the database with a backup. Stop the app first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by 'naervaer backup'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: everything since the backup is lost"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "Restoring replaces all data with the backup. Stop the app, then run again "
                "with --yes."
            )
        try:
            restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored from {options['file']}"))
