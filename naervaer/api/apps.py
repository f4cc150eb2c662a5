from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API for payroll and HR systems (django-ninja, OpenAPI)."""

    name = "naervaer.api"
    verbose_name = _("API")
