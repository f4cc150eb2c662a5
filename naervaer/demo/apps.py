from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """A realistic, deterministic demo employer, and the large data sets benchmarks need."""

    name = "naervaer.demo"
    verbose_name = _("Demo data")
