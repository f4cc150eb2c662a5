from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """Absence statistics for managers, HR and the AMO (groups only)."""

    name = "naervaer.statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Imported here, as Django requires: the receivers use the models.
        from django.db.models.signals import post_save, pre_save

        from naervaer.absence import signals
        from naervaer.people.models import Employment, Person
        from naervaer.people.signals import tree_changed
        from naervaer.statistics import receivers

        signals.changed.connect(
            receivers.update_after_absence, dispatch_uid="statistics-after-absence"
        )
        tree_changed.connect(
            receivers.update_after_tree_change, dispatch_uid="statistics-after-tree"
        )
        post_save.connect(
            receivers.employment_saved, sender=Employment, dispatch_uid="statistics-employment"
        )
        pre_save.connect(receivers.note_birth_date, sender=Person, dispatch_uid="statistics-birth")
        post_save.connect(receivers.person_saved, sender=Person, dispatch_uid="statistics-person")
