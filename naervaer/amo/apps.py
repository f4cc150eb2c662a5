from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmoConfig(AppConfig):
    """The work-environment organisation's tools: the 4-step process (seed 002), the roles
    overview, the APV register, problem reports and the annual work-environment discussion.
    Everything here is about groups and the workplace, never one person's absence."""

    name = "naervaer.amo"
    verbose_name = _("Work-environment organisation")

    def ready(self) -> None:
        from naervaer.amo import agenda  # noqa: F401  (deadlines into reminders and calendars)
