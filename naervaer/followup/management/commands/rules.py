"""``naervaer rules``: the follow-up rules from the command line.

naervaer rules timeline --first-day 2026-11-02 --json
naervaer rules timeline --first-day 2026-11-02 --pays-salary no --employed-since 2026-10-01
naervaer rules timeline --first-day 2026-11-02 --previous-spell 2026-06-01:2026-09-30 --json
naervaer rules show [--ruleset seed-2008] [--json]
naervaer rules recompute

``timeline`` and ``show`` need no database. The JSON of ``timeline`` is a contract that scripts
and auditors rely on: a list of obligations, each with ``code``, ``due`` (ISO date or null: the
last day the obligation is met in time), ``actor``, ``status`` (required, conditional, optional,
not_required), ``reason`` (a code), ``params``, ``source``, ``source_url`` and ``verified``.
The list always holds every obligation, those that do not apply marked with the reason (``--all``
shows them in the text output too).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.followup import labels
from naervaer.rules.obligations import (
    CarePolicy,
    CaseFacts,
    SpellFacts,
    care_conversation,
    group_into_cases,
    obligations,
)
from naervaer.rules.rulesets import LAW, RULESETS


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


def hours(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"'{text}' is not a number of hours.") from None
    if value < 0:
        raise CommandError(f"'{text}': hours cannot be negative.")
    return value


def spell(text: str) -> SpellFacts:
    first, sep, last = text.partition(":")
    if not sep:
        raise CommandError(f"'{text}': give an earlier spell as FROM:TO (YYYY-MM-DD:YYYY-MM-DD).")
    spell = SpellFacts(iso_date(first), iso_date(last))
    if spell.last_day is not None and spell.last_day < spell.first_day:
        raise CommandError(f"'{text}': the spell ends before it begins.")
    return spell


class Command(BaseCommand):
    help = "The follow-up rules: the obligations of one absence, the rules' history, recompute."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        t = sub.add_parser("timeline", help="What is due for one absence, and when.")
        t.add_argument("--first-day", required=True, type=str)
        t.add_argument("--last-day", type=str, help="leave out while the absence goes on")
        t.add_argument("--employed-since", type=str)
        t.add_argument("--employment-end", type=str)
        t.add_argument("--weekly-hours", type=str)
        t.add_argument("--hours-worked-8-weeks", type=str)
        t.add_argument("--pays-salary", type=str, metavar="yes|no", default="yes")
        t.add_argument(
            "--previous-spell",
            action="append",
            default=[],
            metavar="FROM:TO",
            help="an earlier spell with the same employer (repeatable)",
        )
        t.add_argument("--section56", action="store_true")
        t.add_argument("--fleksjob", action="store_true")
        t.add_argument("--expected-over-8-weeks", type=str, metavar="yes|no")
        t.add_argument("--expected-over-26-weeks", type=str, metavar="yes|no")
        t.add_argument("--retention-plan-requested", action="store_true")
        t.add_argument("--early-followup-requested", type=str, metavar="DATE")
        t.add_argument("--ruleset", choices=sorted(RULESETS), default=LAW.id)
        t.add_argument("--all", action="store_true", help="text: also what does not apply")
        t.add_argument("--json", action="store_true", help="machine-readable output")
        show = sub.add_parser("show", help="Each rule's history: steps, sources, verified.")
        show.add_argument("--ruleset", choices=sorted(RULESETS), default=LAW.id)
        show.add_argument("--json", action="store_true")
        recompute = sub.add_parser(
            "recompute", help="Recompute every case's obligations by the rules (audited)."
        )
        recompute.add_argument("--organisation", type=int, help="only this organisation (id)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            self._show(options)
        elif options["action"] == "recompute":
            self._recompute(options)
        else:
            self._timeline(options)

    def _facts(self, options: dict[str, Any]) -> tuple[CaseFacts, list[SpellFacts]]:
        first = iso_date(options["first_day"])
        last = iso_date(options["last_day"]) if options["last_day"] else None
        if last is not None and last < first:
            raise CommandError("The last day is before the first day.")

        def optional(name: str, parse: Any) -> Any:
            return parse(options[name]) if options[name] else None

        current = SpellFacts(first, last, options["section56"])
        previous = [spell(text) for text in options["previous_spell"]]
        if any(p.first_day >= first for p in previous):
            raise CommandError("An earlier spell must begin before the first day.")
        # § 30, stk. 4: spells with only days off between them are one absence.
        groups = group_into_cases([*previous, current])
        group = next(g for g in groups if current in g)
        earlier = tuple(g for g in groups if g[0].first_day < group[0].first_day)
        employed_since = optional("employed_since", iso_date)
        if employed_since is not None and employed_since > group[0].first_day:
            raise CommandError("The employment begins after the first absence day.")
        employment_end = optional("employment_end", iso_date)
        if employment_end is not None and employment_end < first:
            raise CommandError("The employment ends before the first absence day.")
        facts = CaseFacts(
            spells=group,
            employed_since=employed_since,
            employment_end=employment_end,
            weekly_hours=optional("weekly_hours", hours),
            hours_worked_8_weeks=optional("hours_worked_8_weeks", hours),
            pays_salary=yes_no(options["pays_salary"]),
            fleksjob=options["fleksjob"],
            expected_over_8_weeks=optional("expected_over_8_weeks", yes_no),
            expected_over_26_weeks=optional("expected_over_26_weeks", yes_no),
            retention_plan_requested=options["retention_plan_requested"],
            early_followup_requested=optional("early_followup_requested", iso_date),
            earlier=earlier,
        )
        return facts, [*previous, current]

    def _timeline(self, options: dict[str, Any]) -> None:
        facts, spells = self._facts(options)
        rules = RULESETS[options["ruleset"]]
        result = obligations(facts, rules)
        care = care_conversation(spells, CarePolicy())
        if care is not None:
            result.append(care)
        if options["json"]:
            self.stdout.write(
                json.dumps([o.as_dict() for o in result], ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(
            f"{rules.title} ({rules.id}); first absence day {facts.first_day:%d.%m.%Y}\n"
        )
        for o in result:
            if not o.applies and not options["all"]:
                continue
            mark = {"required": " ", "optional": "?", "conditional": "?", "not_required": "-"}
            due = f"{o.due:%d.%m.%Y}" if o.due else "—         "
            self.stdout.write(
                f"{mark[o.status.value]} {due}  {labels.title(o.code)} [{labels.actor(o.actor)}]"
            )
            self.stdout.write(f"              {labels.reason_text(o.reason, o.params)}")

    def _show(self, options: dict[str, Any]) -> None:
        rules = RULESETS[options["ruleset"]]
        data: dict[str, Any] = {
            "id": rules.id,
            "title": rules.title,
            "rules": [
                {
                    "key": s.key,
                    "meaning": s.meaning,
                    "unit": s.unit,
                    "looks_at": s.looks_at,
                    "verified": s.verified,
                    "steps": [
                        {
                            "in_force_from": step.in_force_from.isoformat(),
                            "value": step.value
                            if isinstance(step.value, (int, bool))
                            else str(step.value),
                            "source": str(step.source),
                            "url": step.source.url,
                            "verified": step.verified,
                            "enacted": step.enacted,
                            "note": step.note,
                        }
                        for step in s.steps
                    ],
                }
                for s in rules.series
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{rules.title} ({rules.id})\n")
        for rule in data["rules"]:
            self.stdout.write(f"{rule['key']} ({rule['unit']}; looks at the {rule['looks_at']})")
            self.stdout.write(f"    {rule['meaning']}")
            for step in rule["steps"]:
                flag = "" if step["verified"] else "  [not verified]"
                flag += "" if step["enacted"] else "  [bill, not in force]"
                self.stdout.write(f"  from {step['in_force_from']}: {step['value']}{flag}")
                self.stdout.write(f"      {step['source']} {step['url']}".rstrip())
                if step["note"]:
                    self.stdout.write(f"      {step['note']}")

    def _recompute(self, options: dict[str, Any]) -> None:
        from naervaer.followup.services import recompute_all

        people, cases = recompute_all(options["organisation"])
        self.stdout.write(f"Recomputed {cases} cases of {people} people.")
