from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FleksjobConfig(AppConfig):
    """Employments in fleksjob (seed 000): hours, the municipality that granted it and its
    subsidy, the fleksjob bonus by the rules in force when the job started, and the overview of
    the organisation's fleksjob and small-hours fleksjob."""

    name = "naervaer.fleksjob"
    verbose_name = _("Fleksjob")

    def ready(self) -> None:
        from naervaer.fleksjob import agenda  # noqa: F401  (bonus claim dates into reminders)
