"""``naervaer import employees|absences FILE --org ORG``: all rows or none, every error listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from naervaer.importexport.importers import (
    ImportResult,
    RowError,
    import_absences,
    import_employees,
)
from naervaer.importexport.tabular import FileProblem, read_table
from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Import employees or absence from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["employees", "absences"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="the organisation's short name")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(
                f"No organisation {options['org']!r} (see `naervaer org list`)."
            ) from None
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            table = read_table(data, path.name)
        except FileProblem as exc:
            result = ImportResult(errors=[RowError(0, str(exc))])
        else:
            importer = import_employees if options["kind"] == "employees" else import_absences
            with tqdm(
                total=len(table.rows),
                unit="rows",
                disable=options["no_progress"],
                file=cast(TextIO, self.stderr._out),  # the stream itself: tqdm writes its own \r
            ) as bar:

                def progress(done: int, total: int) -> None:
                    bar.update(done - bar.n)

                result = importer(org, table, progress=progress)
        if result.errors:
            for error in result.errors:
                where = f"row {error.row}" if error.row else "file"
                self.stderr.write(f"{path.name}, {where}: {error.message}")
            raise CommandError(
                f"{len(result.errors)} error(s); nothing was imported from {path.name}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
