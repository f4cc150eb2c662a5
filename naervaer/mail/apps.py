from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """The e-mails Nærvær sends about one person's absence, and the record of what was sent."""

    name = "naervaer.mail"
    verbose_name = _("E-mail")
