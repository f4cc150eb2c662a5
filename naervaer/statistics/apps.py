from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """Absence statistics for managers, HR and the AMO (groups only)."""

    name = "naervaer.statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Imported here, as Django requires: the receivers use the models.
        from naervaer.absence import signals
        from naervaer.people.signals import tree_changed
        from naervaer.statistics.receivers import update_after_absence, update_after_tree_change

        signals.changed.connect(update_after_absence, dispatch_uid="statistics-after-absence")
        tree_changed.connect(update_after_tree_change, dispatch_uid="statistics-after-tree")
