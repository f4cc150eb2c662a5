"""``naervaer retention [--org ORG] [--dry-run]``: delete absence past each organisation's
retention period and anonymise people who left before it. Run it daily or monthly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.operations.retention import apply_retention
from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Delete absence data past the retention period; anonymise people who left long ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="ORG", help="one organisation (default: all)")
        parser.add_argument("--dry-run", action="store_true", help="say what would happen")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("slug")
        if options["org"]:
            organisations = organisations.filter(slug=options["org"])
            if not organisations.exists():
                raise CommandError(f"No organisation is called '{options['org']}'.")
        today = timezone.localdate()
        verb = "would delete" if options["dry_run"] else "deleted"
        for org in organisations:
            r = apply_retention(org, today, dry_run=options["dry_run"])
            self.stdout.write(
                f"{r.organisation}: kept data from {r.cutoff:%d.%m.%Y}; {verb} "
                f"{r.spells_deleted} absence spell(s), anonymised {r.people_anonymised} person(s)"
                + (" (dry run)" if options["dry_run"] else "")
            )
