"""``naervaer user add USERNAME --org ORG [--role ROLE ...] [--employee-id ID]`` and ``user list``.

The first login of a new organisation is made here (usually an administrator, who then makes
the rest in the web UI). The password is asked for at the prompt, or read from standard input
with ``--password-stdin`` for scripts.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from naervaer.people.models import Organisation, Person, Role, User
from naervaer.twofactor.services import reset as reset_two_factor


class Command(BaseCommand):
    help = "Manage logins: add a user with roles, list an organisation's users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create a login.")
        add.add_argument("username")
        add.add_argument("--org", required=True, metavar="ORG")
        add.add_argument(
            "--role",
            action="append",
            default=[],
            choices=[k.value for k in Role.Kind],
            help="may be given more than once; managers and employees need none",
        )
        add.add_argument("--employee-id", default="", help="link the login to this employee")
        add.add_argument("--name", default="", help="first name shown in the app")
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true")
        listing = sub.add_parser("list", help="List the users of an organisation.")
        listing.add_argument("--org", required=True, metavar="ORG")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called '{options['org']}'.") from None
        if options["action"] == "list":
            for user in User.objects.filter(organisation=org).prefetch_related("roles"):
                roles = ",".join(sorted(r.kind for r in user.roles.all())) or "-"
                self.stdout.write(
                    f"{user.username}\t{roles}\t{'active' if user.is_active else 'inactive'}"
                )
            return
        self._add(org, options)

    def _add(self, org: Organisation, options: dict[str, Any]) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The username '{username}' is taken.")
        person = None
        if options["employee_id"]:
            person = Person.objects.filter(
                organisation=org, employee_id=options["employee_id"]
            ).first()
            if person is None:
                raise CommandError(
                    f"No employee in {org.slug} has number {options['employee_id']}."
                )
            if person.user_id:
                raise CommandError(f"Employee {person.employee_id} already has a login.")
        user = User(
            username=username, organisation=org, first_name=options["name"], email=options["email"]
        )
        password = self._read_password(options["password_stdin"])
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.save()
            for kind in options["role"]:
                Role.objects.create(user=user, kind=kind)
            if person is not None:
                person.user = user
                person.save(update_fields=["user"])
        roles = ", ".join(options["role"]) or "no role"
        self.stdout.write(self.style.SUCCESS(f"Created {username} in {org.slug} ({roles})."))
        if {Role.Kind.HR, Role.Kind.ADMIN} & set(options["role"]):
            code = reset_two_factor(user, by="naervaer user add (command line)")
            self.stdout.write(f"Two-factor enrolment code (works once, for a week): {code}")

    def _read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
