"""What Nærvær sent, to whom and why: the list behind "Sent e-mails".

A mail about an absence holds personal data (an invitation, the minutes of a conversation), so
its record belongs to the person and the case and is deleted with them (``naervaer retention``
deletes old absence, and with it its cases). Who may read a record is decided in
``naervaer.access.sent_mail_q``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.followup.models import Case
from naervaer.people.models import Organisation, Person


class SentMail(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation to the sickness-absence conversation")
        MINUTES = "minutes", _("Minutes of a conversation")
        STEPS = "steps", _("Notice of follow-up steps")
        SELF_REPORT = "self_report", _("Notice of a self-report")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="sent_mails",
        verbose_name=_("about"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="sent_mails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.kind} → {self.to}"
