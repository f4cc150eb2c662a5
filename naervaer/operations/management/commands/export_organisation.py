"""``naervaer export_organisation ORG [-o FILE]``: the organisation's whole record as JSON,
loadable into another Nærvær with ``naervaer loaddata FILE``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.operations.organisation_export import export_filename, export_organisation
from naervaer.people.models import Organisation


class Command(BaseCommand):
    help = "Export one organisation (people, absence, follow-up, audit log) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help="the organisation's short name (slug)")
        parser.add_argument(
            "-o", "--output", help="file to write (default: naervaer-ORG-DATE.json; - for stdout)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation is called '{options['org']}'.")
        output = options["output"] or export_filename(organisation, timezone.localdate())
        record("naervaer export_organisation", organisation.pk, Action.EXPORT, (), "organisation")
        if output == "-":
            export_organisation(organisation, sys.stdout)
            return
        with open(output, "w", encoding="utf-8") as stream:
            export_organisation(organisation, stream)
        self.stdout.write(f"{organisation}: exported to {output}")
