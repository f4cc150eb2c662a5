"""``naervaer stats --org ORG --from YYYY-MM-DD --to YYYY-MM-DD [--by unit|month|kind|band]
[--unit PATH] [--as-role amo] [--json]``: the figures the dashboards show.
``--rebuild`` builds the stored months again; ``--decide`` makes the AMO's disclosure decisions
of the months whose kept one no longer holds (after an upgrade, so no page waits for them);
``--prepare`` (daily, for every organisation unless ``--org`` names one) builds the months the
pages show by default, stores an ended month's ongoing absence and makes the decisions, so the
first page of a month does not; each with ``--enqueue`` for a worker."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.people.models import Organisation, Unit
from naervaer.rules import plausibility
from naervaer.rules.statistics import Band
from naervaer.statistics import disclosure, prepare
from naervaer.statistics.aggregates import rebuild
from naervaer.statistics.selectors import Group, Scope, by_quarter, dashboard


def iso(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date (YYYY-MM-DD).") from None
    if not plausibility.supported(day):
        raise CommandError(
            f"{text} is outside the years Nærvær works with "
            f"({plausibility.EARLIEST.year}–{plausibility.LATEST.year})."
        )
    return day


class Command(BaseCommand):
    help = "Absence statistics of an organisation (with the AMO's suppression when asked)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="ORG", help="the organisation (all with --prepare)")
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="rebuild the pre-aggregated monthly figures from scratch, then stop",
        )
        parser.add_argument(
            "--decide",
            action="store_true",
            help="make the AMO's disclosure decisions not kept (or no longer holding), then stop",
        )
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="build today's months, store ended ones' ongoing absence, decide; then stop",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="with --rebuild, --decide or --prepare: queue it for a worker and return",
        )
        parser.add_argument(
            "--by", choices=["unit", "month", "quarter", "kind", "band"], default="unit"
        )
        parser.add_argument("--unit", help="drill down below this unit (its full name)")
        parser.add_argument("--as-role", choices=["hr", "amo"], default="hr")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["prepare"]:
            self._prepare(options["org"], options["enqueue"])
            return
        if not options["org"]:
            raise CommandError("Give --org (the organisation's short name).")
        try:
            org = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called '{options['org']}'.") from None
        if options["rebuild"] and options["enqueue"]:
            from naervaer.statistics.tasks import rebuild_statistics

            queued = rebuild_statistics.enqueue(org.pk)
            self.stdout.write(f"Rebuild of {org.slug} queued (task {queued.id}).")
            return
        if options["rebuild"]:
            self._rebuild(org)
            return
        if options["decide"]:
            from naervaer.statistics.tasks import decide_again

            if options["enqueue"]:
                task = decide_again.enqueue(org.pk)
                self.stdout.write(f"Decisions of {org.slug} queued (task {task.id}).")
            else:
                made = disclosure.decide_again(org.pk, timezone.localdate())
                self.stdout.write(f"{made} months of {org.slug} decided.")
            return
        if not (options["start"] and options["end"]):
            raise CommandError("Give --from and --to (or --rebuild).")
        start, end = iso(options["start"]), iso(options["end"])
        if end < start:
            raise CommandError("--to is before --from.")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(organisation=org, path=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit is called '{options['unit']}'.")
        for_amo = options["as_role"] == "amo"
        result = dashboard(
            Scope(org.pk, None, unit), start, end, timezone.localdate(), for_amo=for_amo
        )
        by = options["by"]
        groups: list[Group]
        if by == "unit":
            groups = result.units
        elif by == "month":
            groups = result.months
        elif by == "quarter":
            groups = by_quarter(result.months, for_amo)
        elif by == "kind":
            groups = result.kinds
        else:
            groups = []
        data: dict[str, Any] = {
            "organisation": org.slug,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "as_role": options["as_role"],
            "total": result.total.as_dict(),
        }
        if by == "band":
            data["groups"] = [{"key": band.value, **_band(result.total, band)} for band in Band]
        else:
            data["groups"] = [g.as_dict() for g in groups]
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        total = data["total"]
        self.stdout.write(f"{org.name}, {start:%d.%m.%Y}–{end:%d.%m.%Y}: {_rate(total)}")
        for g in data["groups"]:
            self.stdout.write(f"  {g['key']:<50} {_rate(g)}")

    def _prepare(self, slug: str | None, enqueue: bool) -> None:
        from naervaer.statistics.tasks import prepare_statistics

        organisations = Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER)
        if slug is not None:
            organisations = organisations.filter(slug=slug)
            if not organisations.exists():
                raise CommandError(f"No employer is called '{slug}'.")
        for org in organisations.order_by("slug"):
            if enqueue:
                queued = prepare_statistics.enqueue(org.pk)
                self.stdout.write(f"Statistics of {org.slug} queued (task {queued.id}).")
            else:
                done = prepare.prepare(org.pk, timezone.localdate())
                self.stdout.write(f"{org.slug}: {done.built} months built, {done.decided} decided.")

    def _rebuild(self, org: Organisation) -> None:
        built = rebuild(org.pk)
        if not built:
            self.stdout.write("No absence to aggregate.")
            return
        self.stdout.write(f"Built {built} months for {org.slug}.")


def _band(total: Group, band: Band) -> dict[str, object]:
    if total.suppressed:
        return {"suppressed": True}
    share = cast("dict[str, object]", total.as_dict()["share_of_absence_by_band"])
    return {"share_of_absence": share[band.value]}


def _rate(group: dict[str, object]) -> str:
    if group.get("suppressed"):
        return "(under 5 people: not shown)"
    if "absence_rate" in group:
        return f"{group['absence_rate']} % ({group['people']} people)"
    return f"{group.get('share_of_absence')} % of absence"
