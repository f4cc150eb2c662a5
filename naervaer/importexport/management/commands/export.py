"""``naervaer export employees|absences --org ORG [--format csv|xlsx] [-o FILE]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.absence.models import AbsenceSpell
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.importexport.exporters import COLUMNS, absence_rows, employee_rows, to_csv, to_xlsx
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
        if kind == "employees":
            rows = employee_rows(org.people.all())
        else:
            rows = absence_rows(AbsenceSpell.objects.filter(person__organisation=org))
            record("naervaer export (command line)", org.pk, Action.EXPORT, detail="absences")
        columns = COLUMNS[kind]
        data = (
            to_xlsx(columns, rows, kind) if options["format"] == "xlsx" else to_csv(columns, rows)
        )
        if options["output"]:
            options["output"].write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
