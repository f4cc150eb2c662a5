"""The follow-up's background task: recomputing people's cases after a bulk change."""

from __future__ import annotations

from django_tasks import task

from naervaer.followup.services import refresh_people


@task()
def refresh_followup(person_ids: list[int]) -> None:
    """These people's follow-up steps again, after their absence changed (e.g. an import)."""
    refresh_people(person_ids)
