"""``naervaer org add ORG --name NAME --cvr CVR [--industry DB07] [--sector SECTOR]
[--feriefridage N]``, ``naervaer org set ORG [--industry …] [--sector …] [--feriefridage N]`` and
``naervaer org list``. The sector and industry choose the published absence figures the
organisation is compared with; the feriefridage are used to estimate leave when none is recorded."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.people.models import Organisation, Sector


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
        add.add_argument("--sector", choices=Sector.values, default="")
        add.add_argument("--feriefridage", type=int, default=5, help="a year, from the agreement")
        change = sub.add_parser(
            "set", help="Change an organisation's industry, sector or feriefridage."
        )
        change.add_argument("slug", metavar="ORG")
        change.add_argument("--industry")
        change.add_argument("--sector", choices=Sector.values)
        change.add_argument("--feriefridage", type=int)
        sub.add_parser("list", help="List organisations.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for org in Organisation.objects.order_by("slug"):
                self.stdout.write(
                    f"{org.slug}\t{org.cvr}\t{org.kind}\t{org.sector or '-'}\t{org.name}"
                )
            return
        if options["action"] == "set":
            try:
                org = Organisation.objects.get(slug=options["slug"])
            except Organisation.DoesNotExist:
                raise CommandError(f"No organisation {options['slug']}.") from None
            if options["industry"] is not None:
                org.industry_code = options["industry"]
            if options["sector"] is not None:
                org.sector = options["sector"]
            if options["feriefridage"] is not None:
                org.extra_holiday_days = options["feriefridage"]
            self._save(org)
            self.stdout.write(self.style.SUCCESS(f"Changed {org.slug}."))
            return
        org = Organisation(
            slug=options["slug"],
            name=options["name"],
            cvr=options["cvr"],
            industry_code=options["industry"],
            kind=options["kind"],
            sector=options["sector"],
            extra_holiday_days=options["feriefridage"],
        )
        self._save(org)
        self.stdout.write(self.style.SUCCESS(f"Created {org.slug}: {org.name} (CVR {org.cvr})"))

    def _save(self, org: Organisation) -> None:
        try:
            org.full_clean()
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        org.save()
