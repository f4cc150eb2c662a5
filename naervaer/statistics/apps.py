from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """Absence statistics for managers, HR and the AMO (groups only)."""

    name = "naervaer.statistics"
    verbose_name = _("Statistics")
