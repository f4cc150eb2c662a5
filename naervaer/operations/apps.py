from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What an operator runs: backup and restore."""

    name = "naervaer.operations"
    verbose_name = _("Operations")
