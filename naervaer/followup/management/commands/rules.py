"""``naervaer rules timeline …`` and ``naervaer rules show``: the follow-up rules without a database.

naervaer rules timeline --first-day 2026-11-02 --json
naervaer rules timeline --first-day 2026-11-02 --last-day 2026-11-13 --ruleset current
naervaer rules show --ruleset seed-2008
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.rules.obligations import CaseFacts, SpellFacts, obligations
from naervaer.rules.rulesets import RULESETS, ruleset_for


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date (YYYY-MM-DD).") from None


def yes_no(text: str) -> bool:
    if text.lower() in {"yes", "ja", "true"}:
        return True
    if text.lower() in {"no", "nej", "false"}:
        return False
    raise CommandError(f"'{text}': answer yes or no.")


class Command(BaseCommand):
    help = "The follow-up rules: the obligations of one absence, or a rule set with its sources."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        timeline = sub.add_parser("timeline", help="What is due for one absence, and when.")
        timeline.add_argument("--first-day", required=True, type=str)
        timeline.add_argument("--last-day", type=str, help="leave out while the absence goes on")
        timeline.add_argument("--ruleset", choices=sorted(RULESETS), help="default: in force")
        timeline.add_argument("--employed-since", type=str)
        timeline.add_argument("--employment-end", type=str)
        timeline.add_argument("--weekly-hours", type=Decimal)
        timeline.add_argument("--expected-over-8-weeks", type=str, metavar="yes|no")
        timeline.add_argument("--retention-plan-requested", action="store_true")
        timeline.add_argument("--section56", action="store_true")
        timeline.add_argument("--fleksjob", action="store_true")
        timeline.add_argument(
            "--all", action="store_true", help="also list what does not apply, with the reason"
        )
        timeline.add_argument("--json", action="store_true", help="machine-readable output")
        show = sub.add_parser("show", help="A rule set's values with their sources.")
        show.add_argument("--ruleset", choices=sorted(RULESETS), default="current")
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            self._show(options)
        else:
            self._timeline(options)

    def _timeline(self, options: dict[str, Any]) -> None:
        first = iso_date(options["first_day"])
        last = iso_date(options["last_day"]) if options["last_day"] else None
        if last is not None and last < first:
            raise CommandError("The last day is before the first day.")
        expected = options["expected_over_8_weeks"]
        facts = CaseFacts(
            spells=(SpellFacts(first, last, options["section56"]),),
            employed_since=iso_date(options["employed_since"])
            if options["employed_since"]
            else None,
            employment_end=iso_date(options["employment_end"])
            if options["employment_end"]
            else None,
            weekly_hours=options["weekly_hours"],
            fleksjob=options["fleksjob"],
            expected_over_8_weeks=yes_no(expected) if expected else None,
            retention_plan_requested=options["retention_plan_requested"],
        )
        rules = RULESETS[options["ruleset"]] if options["ruleset"] else ruleset_for(first)
        result = obligations(facts, rules)
        if options["json"]:
            # Those that do not apply stay in the list, marked, so a caller can show why.
            self.stdout.write(
                json.dumps([o.as_dict() for o in result], ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{rules.title} ({rules.id}); first absence day {first:%d.%m.%Y}\n")
        for o in result:
            if not o.applies and not options["all"]:
                continue
            mark = {"required": " ", "optional": "?", "conditional": "?", "not_required": "-"}[
                o.status.value
            ]
            self.stdout.write(f"{mark} {o.due:%d.%m.%Y}  {o.title} [{o.actor.value}]")
            if o.reason:
                self.stdout.write(f"              {o.reason}")

    def _show(self, options: dict[str, Any]) -> None:
        rules = RULESETS[options["ruleset"]]
        if options["json"]:
            data = {
                "id": rules.id,
                "title": rules.title,
                "effective_from": rules.effective_from.isoformat(),
                "rules": [
                    {
                        "key": r.key.value,
                        "value": r.value,
                        "unit": r.unit,
                        "effective_from": r.effective_from.isoformat(),
                        "meaning": r.meaning,
                        "source": r.source,
                    }
                    for r in rules.rules
                ],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{rules.title} ({rules.id}), in force from {rules.effective_from}\n")
        for r in rules.rules:
            self.stdout.write(f"{r.key.value} = {r.value} {r.unit}  (from {r.effective_from})")
            self.stdout.write(f"    {r.meaning}")
            self.stdout.write(f"    Source: {r.source}")
