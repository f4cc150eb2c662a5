from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    """Two-factor login (TOTP) for HR and administrators, who see or manage everyone's data."""

    name = "naervaer.twofactor"
    verbose_name = _("Two-factor login")
