from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobcentreConfig(AppConfig):
    """The job centre's follow-up of sick-listed citizens (sygeopfølgning): cases, categories
    and cadence from ``naervaer.rules.jobcentre``, conversations, plans, meetings, activity and
    refund, the caseworker's day and the job centre's statistics."""

    name = "naervaer.jobcentre"
    verbose_name = _("Job centre")

    def ready(self) -> None:
        from naervaer.jobcentre import agenda  # noqa: F401  (due follow-ups into reminders)
