from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "naervaer.followup"
    verbose_name = _("Follow-up")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, as Django requires: the receivers use the models.
        from naervaer.absence import signals
        from naervaer.followup.receivers import refresh_after_absence

        signals.changed.connect(refresh_after_absence, dispatch_uid="followup-after-absence")
