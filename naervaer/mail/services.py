"""Sending Nærvær's e-mails through Django's e-mail framework, and keeping a record of each.

The backend is Django's ``EMAIL_BACKEND``: SMTP from the ``EMAIL_*`` settings in production, a
folder under ``var/`` in the demo. Mails are written in the installation's language (Danish
first), whoever triggers them. Call these functions after the change they tell about has been
saved, never inside its transaction: a mail server that is down must not undo a sick report.
A mail that cannot be sent is recorded as not sent, and the caller says so to the user.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naervaer.absence.models import AbsenceSpell
from naervaer.access import nearest_managers
from naervaer.audit.models import Action
from naervaer.audit.services import record
from naervaer.followup import labels
from naervaer.followup.models import Case, Conversation, Obligation
from naervaer.followup.selectors import MILESTONES
from naervaer.mail.models import SentMail
from naervaer.people.models import Person, User
from naervaer.rules.obligations import Actor, Code

logger = logging.getLogger(__name__)


class NoAddress(Exception):
    """The recipient has no e-mail address in Nærvær; the message says what to do instead."""


def _link(name: str, *args: object) -> str:
    return settings.BASE_URL + reverse(name, args=args)


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"mail/{template}_body.txt", context)
    return " ".join(subject.split()), body


def deliver(
    *,
    kind: SentMail.Kind,
    person: Person,
    case: Case | None,
    to: User,
    by: Any,
    template: str,
    context: dict[str, Any],
) -> SentMail:
    """Render, send and record one e-mail to ``to`` about ``person``."""
    subject, body = _render(template, {**context, "recipient": to, "base_url": settings.BASE_URL})
    try:
        EmailMessage(subject, body, None, [to.email]).send()
    except Exception:  # any backend's failure: SMTP, DNS, a full disk in the demo
        logger.exception("Could not send the %s e-mail to user %s", kind, to.pk)
        status = SentMail.Status.FAILED
    else:
        status = SentMail.Status.SENT
    sender = by if getattr(by, "is_authenticated", False) else None
    mail = SentMail.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        case=case,
        kind=kind,
        sent_by=sender,
        recipient_user=to,
        to=to.email,
        subject=subject[:300],
        body=body,
        status=status,
    )
    record(by, person.organisation_id, Action.FOLLOW_UP, [person], f"e-mail: {kind}")
    return mail


def _employee_user(person: Person) -> User:
    user = person.user
    if user is None or not user.is_active or not user.email:
        raise NoAddress(
            _(
                "%(name)s has no e-mail address in Nærvær. Give the message in person or by "
                "letter, or ask an administrator to add the address."
            )
            % {"name": person.name}
        )
    return user


def case_of(spell: AbsenceSpell) -> Case | None:
    """The follow-up case a spell belongs to (it may continue an earlier spell's case)."""
    return (
        Case.objects.filter(person_id=spell.person_id, first_day__lte=spell.first_day)
        .order_by("-first_day")
        .first()
    )


# --- The sickness-absence conversation -------------------------------------------------------


def invite_to_conversation(
    case: Case, *, at: dt.datetime, form: str, place: str, note: str, by: Any
) -> SentMail:
    """The invitation (SDPL § 7 a): time and place, the four topics the law on health
    information lets the employer ask about, and the right to bring a companion."""
    to = _employee_user(case.person)
    due = (
        Obligation.objects.filter(case=case, code=Code.ABSENCE_CONVERSATION.value)
        .values_list("due", flat=True)
        .first()
    )
    context = {
        "case": case,
        "person": case.person,
        "at": timezone.localtime(at),
        "form": Conversation.Form(form).label,
        "place": place,
        "note": note,
        "due": due,
        "sender": by,
    }
    return deliver(
        kind=SentMail.Kind.INVITATION,
        person=case.person,
        case=case,
        to=to,
        by=by,
        template="invitation",
        context=context,
    )


def send_minutes(conversation: Conversation, *, by: Any) -> SentMail:
    """The minutes of a conversation to the employee: what was recorded, nothing else."""
    to = _employee_user(conversation.person)
    return deliver(
        kind=SentMail.Kind.MINUTES,
        person=conversation.person,
        case=conversation.case,
        to=to,
        by=by,
        template="minutes",
        context={"c": conversation, "person": conversation.person, "sender": by},
    )


# --- Notices to the people who own the steps ----------------------------------------------------


def _manager_steps(case: Case) -> list[dict[str, object]]:
    steps = (
        Obligation.objects.filter(
            case=case, state=Obligation.State.OPEN, optional=False, actor=Actor.MANAGER.value
        )
        .exclude(code__in=MILESTONES)
        .order_by("due", "pk")
    )
    return [{"due": o.due, "title": labels.title(o.code)} for o in steps]


def _managers_to_tell(person: Person, by: Any) -> list[User]:
    users = [m.user for m in nearest_managers(person)]
    return [
        u
        for u in users
        if u is not None and u.is_active and u.email and u.pk != getattr(by, "pk", None)
    ]


def notify_self_report(spell: AbsenceSpell, *, by: Any, back_on: dt.date | None = None) -> int:
    """Tell the person's nearest managers that they reported themselves sick (or, with
    ``back_on``, well again), with the steps of the case that fall to them. Returns the number
    of mails sent."""
    case = case_of(spell)
    sent = 0
    for to in _managers_to_tell(spell.person, by):
        mail = deliver(
            kind=SentMail.Kind.SELF_REPORT,
            person=spell.person,
            case=case,
            to=to,
            by=by,
            template="self_report",
            context={
                "spell": spell,
                "person": spell.person,
                "back_on": back_on,
                "steps": _manager_steps(case) if case and back_on is None else [],
                "person_url": _link("person", spell.person_id),
                "case_url": _link("case", case.pk) if case else "",
            },
        )
        sent += mail.status == SentMail.Status.SENT
    return sent


def notify_step_owners(spell: AbsenceSpell, *, by: Any) -> int:
    """When someone other than the manager (HR) registers an absence, the manager is told of
    the steps that fall to them. HR's own steps reach HR through the daily reminders."""
    case = case_of(spell)
    if case is None:
        return 0
    steps = _manager_steps(case)
    if not steps:
        return 0
    sent = 0
    for to in _managers_to_tell(spell.person, by):
        mail = deliver(
            kind=SentMail.Kind.STEPS,
            person=spell.person,
            case=case,
            to=to,
            by=by,
            template="steps",
            context={
                "spell": spell,
                "person": spell.person,
                "steps": steps,
                "case_url": _link("case", case.pk),
            },
        )
        sent += mail.status == SentMail.Status.SENT
    return sent
