"""The statistics' background tasks: rebuilding an organisation's stored months (for repair;
changes keep them up to date in their own transaction), making again the AMO's disclosure
decisions a change ended, and each morning's preparation of the months the pages show. Each is
safe to run twice."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from naervaer.people.models import Organisation
from naervaer.statistics import disclosure, prepare


@task()
def rebuild_statistics(organisation_id: int) -> None:
    """``naervaer stats --org ORG --rebuild`` as a task."""
    slug = Organisation.objects.values_list("slug", flat=True).get(pk=organisation_id)
    call_command("stats", "--org", slug, "--rebuild")


@task()
def decide_again(organisation_id: int) -> int:
    """The disclosure decisions of the organisation's months that a change ended (at 50,000
    employees a month takes most of a second, which the AMO's page then does not wait for)."""
    return disclosure.decide_again(organisation_id, timezone.localdate())


@task()
def prepare_statistics(organisation_id: int) -> str:
    """``naervaer stats --prepare`` for one organisation (``prepare.prepare``)."""
    done = prepare.prepare(organisation_id, timezone.localdate())
    return f"{done.built} months built, {done.decided} decided"
