"""``naervaer org add ORG --name NAME --cvr CVR [--industry DB07]`` and ``naervaer org list``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Manage organisations (employers and job centres)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create an organisation.")
        add.add_argument("slug", metavar="ORG", help="short name, used by other commands")
        add.add_argument("--name", required=True)
        add.add_argument("--cvr", required=True)
        add.add_argument("--industry", default="", help="industry code (DB07), e.g. 841100")
        add.add_argument("--kind", choices=[k.value for k in Organisation.Kind], default="employer")
        sub.add_parser("list", help="List organisations.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for org in Organisation.objects.order_by("slug"):
                self.stdout.write(f"{org.slug}\t{org.cvr}\t{org.kind}\t{org.name}")
            return
        org = Organisation(
            slug=options["slug"],
            name=options["name"],
            cvr=options["cvr"],
            industry_code=options["industry"],
            kind=options["kind"],
        )
        try:
            org.full_clean()
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        org.save()
        self.stdout.write(self.style.SUCCESS(f"Created {org.slug}: {org.name} (CVR {org.cvr})"))
