from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkInjuryConfig(AppConfig):
    """Work accidents and near misses (seed 000): the employer's report to Arbejdstilsynet and
    the insurer by its legal deadline, the register the AMO learns from, and round-table
    meetings that keep an injured employee at work. Never the injury itself or a diagnosis."""

    name = "naervaer.workinjury"
    verbose_name = _("Work injuries")

    def ready(self) -> None:
        from naervaer.workinjury import agenda  # noqa: F401  (report deadlines into reminders)
