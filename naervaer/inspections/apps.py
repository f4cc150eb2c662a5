from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """The AMO's record of the Danish Working Environment Authority's visits and decisions
    (improvement notices with deadlines) and of the authorised advisers the workplace uses,
    with their cost and the public support that applied (seed 000)."""

    name = "naervaer.inspections"
    verbose_name = _("Inspections and advice")

    def ready(self) -> None:
        from naervaer.inspections import agenda  # noqa: F401  (notice deadlines into reminders)
