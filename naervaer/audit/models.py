"""The audit log: every read of a person's absence data, and every change, leaves an event.

One event per act: a page, an API call or an export is one event, however many people it
showed. The people whose data it showed are its subjects (``AuditSubject``), so each person's
"who has seen my data" still lists it; a job centre's citizens are not ``Person`` rows, so a
read of their case names the case instead (``citizen_cases``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.people.models import Organisation, Person


class Action(models.TextChoices):
    # Reads of personal absence data
    READ = "read", _("Saw absence data")
    VIEW_PERSON = "view_person", _("Viewed absence history")
    VIEW_ABSENT_NOW = "view_absent_now", _("Seen in the list of who is absent")
    VIEW_PEOPLE_LIST = "view_people_list", _("Seen in a people list with absence")
    EXPORT = "export", _("Exported")
    API_READ = "api_read", _("Read through the API")
    VIEW_CASE = "view_case", _("Viewed the follow-up of an absence")
    VIEW_FORM = "view_form", _("Opened a form with absence data")
    VIEW_CITIZEN_CASE = "view_citizen_case", _("Viewed a job-centre case")
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
    TWOFACTOR_RESET = "twofactor_reset", _("Reset two-factor login")
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
    subjects = models.ManyToManyField(
        Person,
        through="AuditSubject",
        related_name="audit_events",
        verbose_name=_("whose data"),
    )
    # How many people the event covered when it happened (kept when a person is deleted).
    subject_count = models.PositiveIntegerField(_("number of people"), default=0)
    citizen_cases = models.ManyToManyField(
        "jobcentre.Case",
        blank=True,
        related_name="audit_events",
        verbose_name=_("job-centre cases"),
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} ({self.subject_count})"


class AuditSubject(models.Model):
    """One person whose data an event showed or changed."""

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="audit_subject_once")
        ]
        indexes = [models.Index(fields=["person", "event"])]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"
