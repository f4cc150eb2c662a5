"""``naervaer twofactor reset USERNAME``: a one-time enrolment code from the command line.

For the first administrator of an organisation (nobody yet can reset them in the web UI) and
for an administrator who lost their phone. The old authenticators stop working; the reset is
audited like one made in the web UI.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.people.models import User
from naervaer.twofactor import services


class Command(BaseCommand):
    help = "Reset a user's two-factor login and print a one-time enrolment code."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reset = sub.add_parser("reset", help="Remove the authenticators, print a new code.")
        reset.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user is called '{options['username']}'.") from None
        code = services.reset(user, by="naervaer twofactor (command line)")
        self.stdout.write(
            f"Enrolment code for {user.username}: {code}\n"
            "It works once, for a week: the user types it with their password at /2fa/setup/."
        )
