"""``naervaer export employees|absences --org ORG [--format csv|xlsx] [-o FILE]``, streamed:
any size in constant memory."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.exports import Sheet, csv_chunks, write_xlsx
from naervaer.importexport.exporters import COLUMNS, Row, absence_rows_of, employee_rows
from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Export employees or absence in the import format (operators only: whole organisation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["employees", "absences"])
        parser.add_argument("--org", required=True)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation {options['org']!r}.") from None
        kind = options["kind"]
        rows: Iterable[Row]
        if kind == "employees":
            rows = employee_rows(org.people.all())
        else:
            rows = absence_rows_of(org.pk, org.people.all())
            record("naervaer export (command line)", org.pk, Action.EXPORT, detail="absences")
        columns = COLUMNS[kind]
        target = options["output"].open("wb") if options["output"] else sys.stdout.buffer
        try:
            if options["format"] == "xlsx":
                write_xlsx([Sheet(kind, columns, rows)], target)
            else:
                for chunk in csv_chunks(columns, rows):
                    target.write(chunk)
        finally:
            if options["output"]:
                target.close()
