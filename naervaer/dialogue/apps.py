from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    """The sustainable work-environment dialogue tool (seed 004): meetings on a big screen,
    ratings from the groups' phones, the follow-up scheme and the results."""

    name = "naervaer.dialogue"
    verbose_name = _("Dialogue tool")

    def ready(self) -> None:
        from naervaer.dialogue import agenda  # noqa: F401  (registers the follow-up actions)
