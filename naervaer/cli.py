"""The ``naervaer`` console command: Django's management commands with Nærvær's settings.

naervaer migrate
naervaer org add aarhus --name "Aarhus Kommune" --cvr 55133018 --industry 841100
naervaer import employees employees.csv --org aarhus
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["naervaer", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
