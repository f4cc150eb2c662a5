"""The audit log: every read of a person's absence data, and every change, leaves a row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Organisation, Person


class Action(models.TextChoices):
    # Reads of personal absence data
    VIEW_PERSON = "view_person", _("Viewed absence history")
    VIEW_ABSENT_NOW = "view_absent_now", _("Seen in the list of who is absent")
    VIEW_PEOPLE_LIST = "view_people_list", _("Seen in a people list with absence")
    EXPORT = "export", _("Exported")
    API_READ = "api_read", _("Read through the API")
    VIEW_CASE = "view_case", _("Viewed the follow-up of an absence")
    VIEW_ACCIDENT = "view_accident", _("Viewed a work accident")
    VIEW_SENIOR = "view_senior", _("Viewed senior conversations")
    # Changes
    REGISTER_SICK = "register_sick", _("Registered sick")
    REGISTER_RETURN = "register_return", _("Registered return")
    REGISTER_PARTIAL = "register_partial", _("Registered partial return")
    CORRECT_SPELL = "correct_spell", _("Corrected absence")
    DELETE_SPELL = "delete_spell", _("Deleted absence")
    IMPORT = "import", _("Imported")
    FOLLOW_UP = "follow_up", _("Recorded follow-up")
    RECORD_ACCIDENT = "record_accident", _("Recorded a work accident")
    RECORD_SENIOR = "record_senior", _("Recorded a senior conversation")
    REGISTER_TIME_OFF = "register_time_off", _("Registered holiday or other time off")
    HOLIDAY_SICKNESS = "holiday_sickness", _("Recorded sickness during holiday")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept when the user is deleted, so the log still says who it was.
    actor_label = models.CharField(_("who"), max_length=200)
    subject = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("whose data"),
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["subject", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject_id}"
