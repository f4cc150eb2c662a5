from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Who's who: organisations, units, people, employments, users and roles."""

    name = "naervaer.people"
    verbose_name = _("Who's who")

    def ready(self) -> None:
        from naervaer import idsets
        from naervaer.formfields import refuse_unsupported_dates

        refuse_unsupported_dates()
        idsets.register()
