from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportExportConfig(AppConfig):
    """Employees and absence in and out as CSV and XLSX, as payroll systems produce them."""

    name = "naervaer.importexport"
    verbose_name = _("Import and export")
