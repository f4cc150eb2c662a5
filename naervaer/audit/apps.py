from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who read or changed whose absence data, and when."""

    name = "naervaer.audit"
    verbose_name = _("Audit log")
