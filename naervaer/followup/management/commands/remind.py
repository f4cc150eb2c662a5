"""``naervaer remind``: one e-mail a day to each user with follow-up due.

Run it daily: ``naervaer remind --enqueue`` from cron queues it for a worker (README). It lists each user's overdue steps and those
due within ``REMIND_WITHIN_DAYS`` days, the same list as on their front page, and the other
tools' deadlines they are responsible for (``naervaer.followup.agenda``: dialogue follow-up,
AMO action plans). Users without an e-mail address get none; the organisation's policy can turn
the follow-up steps off for managers or HR.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.template.loader import render_to_string
from django.utils import timezone, translation

from naervaer.access import obligation_actors, viewer_for
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup import agenda, labels
from naervaer.followup.models import AbsencePolicy
from naervaer.followup.selectors import obligations_for
from naervaer.people.models import User
from naervaer.rules.obligations import Actor


class Command(BaseCommand):
    help = "E-mail each user a digest of their due and overdue follow-up steps and actions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="pretend today is this day (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="print, send nothing")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the reminders for a background worker (`naervaer worker`) and return",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from naervaer.followup.tasks import send_reminders

            result = send_reminders.enqueue(options["date"])
            self.stdout.write(f"Reminders queued (task {result.id}).")
            return
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        until = today + dt.timedelta(days=settings.REMIND_WITHIN_DAYS)
        policies: dict[int | None, AbsencePolicy] = {
            p.organisation_id: p for p in AbsencePolicy.objects.all()
        }
        sent = 0
        users = (
            User.objects.filter(is_active=True, organisation__isnull=False)
            .exclude(email="")
            .order_by("pk")
        )
        for user in users:
            viewer = viewer_for(user)
            policy = policies.get(viewer.organisation_id)
            actors = obligation_actors(viewer)
            wants_manager = Actor.MANAGER in actors and (policy is None or policy.remind_managers)
            wants_hr = Actor.HR in actors and (policy is None or policy.remind_hr)
            due = (
                [
                    o
                    for o in obligations_for(viewer).filter(due__lte=until)
                    if (o.actor == Actor.MANAGER and wants_manager)
                    or (o.actor == Actor.HR and wants_hr)
                ]
                if wants_manager or wants_hr
                else []
            )
            with translation.override(settings.LANGUAGE_CODE):
                items: list[dict[str, object]] = [
                    {"item": i, "overdue": i.due < today} for i in agenda.items_for(user, until)
                ]
                if not due and not items:
                    continue
                rows: list[dict[str, object]] = [
                    {
                        "o": o,
                        "title": labels.title(o.code),
                        "overdue": o.due is not None and o.due < today,
                    }
                    for o in due
                ]
                overdue = sum(1 for r in [*rows, *items] if r["overdue"])
                context = {
                    "user": user,
                    "rows": rows,
                    "items": items,
                    "count": len(rows) + len(items),
                    "overdue": overdue,
                    "today": today,
                    "base_url": settings.BASE_URL,
                }
                subject = render_to_string("followup/remind_subject.txt", context).strip()
                body = render_to_string("followup/remind_body.txt", context)
            if options["dry_run"]:
                self.stdout.write(f"To {user.email}: {subject}\n{body}")
            else:
                send_mail(subject, body, None, [user.email])
                if due:  # the mail names these people: a read like the follow-up list
                    record(
                        user,
                        viewer.organisation_id or 0,
                        Action.VIEW_CASE,
                        {o.case.person for o in due},
                        "reminder e-mail",
                    )
            sent += 1
        self.stdout.write(f"{sent} reminder(s) {'would be ' if options['dry_run'] else ''}sent.")
