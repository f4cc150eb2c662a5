"""``naervaer demo [--employees N] [--years Y] [--seed S] [--slug demo]``."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from naervaer.demo.generator import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Create the demo organisation with realistic, deterministic absence data and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default="demo")
        parser.add_argument("--employees", type=int, default=1500)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-logins", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        summary = build_demo(
            options["slug"],
            employees=options["employees"],
            years=options["years"],
            seed=options["seed"],
            today=timezone.localdate(),
            with_logins=not options["no_logins"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.organisation.name}: {summary.units} units, {summary.people} people, "
                f"{summary.spells} absence spells ({time.perf_counter() - started:.1f} s)."
            )
        )
        if summary.logins:
            self.stdout.write(f"\nDemo logins (password: {DEMO_PASSWORD}):")
            for username, description in summary.logins:
                self.stdout.write(f"  {username:<14} {description}")
