"""Background tasks that are not imports or exports: reminders, statistics, follow-up.

Each is safe to run twice (a worker that stops is replaced and its task run again): reminders
are a daily digest, the statistics rebuild and the follow-up recomputation compute the same
result from the same data.
"""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from naervaer.followup.tasks import refresh_followup  # noqa: F401  moved; queued tasks name it here
from naervaer.people.models import Organisation, Person


@task()
def send_reminders(date: str | None = None) -> None:
    """The daily digests (``naervaer remind``); queued each morning by one cron line."""
    call_command("remind", *(["--date", date] if date else []))


@task()
def rebuild_statistics(organisation_id: int) -> None:
    """``naervaer stats --org ORG --rebuild`` as a task."""
    slug = Organisation.objects.values_list("slug", flat=True).get(pk=organisation_id)
    call_command("stats", "--org", slug, "--rebuild")


@task()
def recompute_followup(organisation_id: int) -> None:
    """Every person's follow-up steps again, e.g. after the absence policy changed."""
    from naervaer.followup.services import refresh_people

    refresh_people(
        Person.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    )
