from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeniorsConfig(AppConfig):
    """Seniors (seed 000's "seniorpakke"): the organisation's senior policy and the senior
    conversation — the balance between the work's demands and the person's work ability, their
    wishes for the last years of working life, and agreed measures. Nothing medical."""

    name = "naervaer.seniors"
    verbose_name = _("Seniors")

    def ready(self) -> None:
        from naervaer.seniors import agenda  # noqa: F401  (conversations due into reminders)
