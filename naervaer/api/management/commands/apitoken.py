"""``naervaer apitoken create --org ORG --name NAME --role hr|amo``, ``list``, ``revoke PREFIX``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.api.models import ApiToken
from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Manage API tokens for integrations (payroll and HR systems)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--org", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--role", choices=ApiToken.TokenRole.values, default="hr")
        listing = sub.add_parser("list")
        listing.add_argument("--org", required=True)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "revoke":
            count = ApiToken.objects.filter(prefix=options["prefix"]).update(revoked=True)
            if not count:
                raise CommandError("No token starts like that.")
            self.stdout.write(f"Revoked {count} token(s).")
            return
        try:
            org = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called '{options['org']}'.") from None
        if options["action"] == "list":
            for t in ApiToken.objects.filter(organisation=org).order_by("created_at"):
                state = "revoked" if t.revoked else f"last used {t.last_used_at or 'never'}"
                self.stdout.write(f"{t.prefix}…  {t.role:<4} {t.name}  ({state})")
            return
        _row, token = ApiToken.issue(org, options["name"], options["role"])
        self.stdout.write("The token (shown once; keep it in the integration's secret store):")
        self.stdout.write(token)
