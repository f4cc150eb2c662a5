"""The statistics' background task: rebuilding an organisation's stored months (for repair;
changes keep them up to date in their own transaction). Safe to run twice."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from naervaer.people.models import Organisation


@task()
def rebuild_statistics(organisation_id: int) -> None:
    """``naervaer stats --org ORG --rebuild`` as a task."""
    slug = Organisation.objects.values_list("slug", flat=True).get(pk=organisation_id)
    call_command("stats", "--org", slug, "--rebuild")
