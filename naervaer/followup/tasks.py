"""The follow-up's background tasks: recomputing cases after a bulk change, and the daily
reminders. Each is safe to run twice (a worker that stops is replaced and its task run again):
the recomputation gives the same result from the same data, reminders are a daily digest."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from naervaer.followup.services import refresh_people
from naervaer.people.models import Person


@task()
def refresh_followup(person_ids: list[int]) -> None:
    """These people's follow-up steps again, after their absence changed (e.g. an import)."""
    refresh_people(person_ids)


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
