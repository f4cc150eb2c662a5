from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsenceConfig(AppConfig):
    """Sickness absence spells and their registration."""

    name = "naervaer.absence"
    verbose_name = _("Absence")
