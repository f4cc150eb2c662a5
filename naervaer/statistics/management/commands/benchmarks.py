"""``naervaer benchmarks show`` and ``naervaer benchmarks load FILE``: the published figures each
organisation compares itself with, by sector, industry and job group (semicolon-separated; see
the shipped file and docs/statistics.md for the columns)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.rules.benchmarks import BadBenchmarkFile
from naervaer.statistics.benchmarks import benchmarks, current_file, install


class Command(BaseCommand):
    help = "Show or replace the published absence figures used as benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="List the figures in use, with their sources.")
        load = sub.add_parser("load", help="Validate a file and use it from now on.")
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            try:
                loaded = install(options["file"].read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {options['file']}: {exc}") from None
            except BadBenchmarkFile as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(self.style.SUCCESS(f"Loaded {len(loaded)} figures."))
            return
        self.stdout.write(f"From {current_file()}:")
        for b in benchmarks():
            unit = "%" if b.measure == "rate" else "days/FTE"
            group = f"{b.sector} – {b.industry}" + (f" – {b.job_group}" if b.job_group else "")
            quoted = "" if b.confirmed else " [quoted, unconfirmed]"
            self.stdout.write(
                f"  {b.year} {group}: {b.value} {unit}, {b.causes}{quoted}  "
                f"({b.source}, {b.published})"
            )
