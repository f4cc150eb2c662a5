"""The follow-up's background tasks: recomputing cases after a bulk change, and the daily
reminders. Each is safe to run twice (a worker that stops is replaced and its task run again):
the recomputation gives the same result from the same data, reminders are a daily digest."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management import call_command
from django_tasks import task

from naervaer.followup.services import refresh_people
from naervaer.people.models import Person


@task()
def refresh_followup(person_ids: list[int] | str) -> None:
    """These people's follow-up steps again, after their absence changed (e.g. an import).
    ``person_ids``: a list, or the text ``id_ranges`` makes of it (what a bulk change queues)."""
    refresh_people(person_ids if isinstance(person_ids, list) else ids_in(person_ids))


def id_ranges(ids: Iterable[int]) -> str:
    """The ids as runs, ``1-3,7,9-10`` for 1, 2, 3, 7, 9 and 10: an import of 50,000 people
    queues one short text (one organisation's people have ids in long runs), not a JSON value
    per person, which the task queue checks one by one and stores."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def ids_in(ranges: str) -> list[int]:
    """The ids ``id_ranges`` wrote, in order."""
    ids: list[int] = []
    for run in filter(None, ranges.split(",")):
        first, _dash, last = run.partition("-")
        ids.extend(range(int(first), int(last or first) + 1))
    return ids


@task()
def recompute_followup(organisation_id: int) -> None:
    """Every person's follow-up steps again, e.g. after the absence policy changed."""
    refresh_people(
        Person.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )


@task()
def send_reminders(date: str | None = None) -> None:
    """The daily digests (``naervaer remind``); queued each morning by one cron line."""
    call_command("remind", *(["--date", date] if date else []))
