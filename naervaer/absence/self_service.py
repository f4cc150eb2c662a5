"""Employees report themselves sick and well (Selvbetjening).

Only for oneself: the pages take no person id, the person is the one logged in. Nothing medical
is asked, only the days. A self-report goes through the same absence services as any other
registration (so the follow-up case starts as for any absence), with the channel
"self-service"; the nearest manager sees it on the front page at once and gets an e-mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naervaer.absence import services
from naervaer.absence.models import AbsenceSpell, Kind, ReportedVia
from naervaer.access import can_report_own_absence, request_viewer
from naervaer.formfields import DateInput
from naervaer.http import AuthenticatedHttpRequest
from naervaer.mail import services as mail
from naervaer.people.models import Person

# How far back an employee may report their own sickness. Older absence is registered by the
# manager, who can ask about it (a product policy, not a rule of law).
SELF_REPORT_DAYS_BACK = 7


def _d(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class SickForm(forms.Form):
    first_day = forms.DateField(
        label=gettext_lazy("First day of absence"),
        widget=DateInput(),
        help_text=gettext_lazy("Today, or a day within the last week."),
    )
    last_day = forms.DateField(
        label=gettext_lazy("Last day of absence, if you are already well"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Leave it empty while you are sick."),
    )


class WellForm(forms.Form):
    back_on = forms.DateField(
        label=gettext_lazy("First day back at work"),
        widget=DateInput(),
        help_text=gettext_lazy("Today or tomorrow."),
    )


def report_sick(
    person: Person, first_day: dt.date, last_day: dt.date | None, *, by: Any, today: dt.date
) -> AbsenceSpell:
    """Register ``person``'s own report of sickness; raises ``ValidationError`` with what is
    wrong in the user's language (the rules core checks employment and overlaps)."""
    if first_day > today:
        raise ValidationError(
            _("You can report sickness from today at the latest, not from %(day)s.")
            % {"day": _d(first_day)}
        )
    if first_day < today - dt.timedelta(days=SELF_REPORT_DAYS_BACK):
        raise ValidationError(
            _(
                "Sickness that began more than %(n)s days ago is registered by your manager. "
                "Please contact them."
            )
            % {"n": SELF_REPORT_DAYS_BACK}
        )
    if last_day is not None and last_day > today:
        raise ValidationError(
            _(
                "The last day can be today at the latest. Leave it empty, and report that you "
                "are well when you are."
            )
        )
    return services.register_sick(
        person,
        first_day,
        by=by,
        kind=Kind.SICKNESS,
        reported_via=ReportedVia.SELF_SERVICE,
        last_day=last_day,
    )


def report_well(spell: AbsenceSpell, back_on: dt.date, *, by: Any, today: dt.date) -> AbsenceSpell:
    """End ``spell`` (the person's own ongoing absence): back at work on ``back_on``."""
    if back_on <= spell.first_day:
        raise ValidationError(
            _(
                "The first day back must be after the first day of absence, %(day)s. If you "
                "were not sick after all, tell your manager."
            )
            % {"day": _d(spell.first_day)}
        )
    if back_on > today + dt.timedelta(days=1):
        raise ValidationError(_("You can report being back from tomorrow at the latest."))
    return services.register_return(spell, back_on, by=by)


def _own_person(request: HttpRequest) -> Person:
    viewer = request_viewer(request)
    if not can_report_own_absence(viewer) or viewer.person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=viewer.person_id)


def _own_open_spell(person: Person, today: dt.date) -> AbsenceSpell | None:
    return (
        AbsenceSpell.objects.filter(person=person, last_day__isnull=True, first_day__lte=today)
        .order_by("-first_day")
        .first()
    )


def _told(request: HttpRequest, sent: int) -> None:
    if sent:
        messages.info(request, _("Your manager has been told by e-mail."))
    else:
        messages.info(request, _("Your manager sees it in Nærvær."))


@login_required
def sick_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _own_person(request)
    today = timezone.localdate()
    open_spell = _own_open_spell(person, today)
    form = SickForm(request.POST or None, initial={"first_day": today})
    if request.method == "POST" and open_spell is None and form.is_valid():
        data = form.cleaned_data
        try:
            spell = report_sick(
                person, data["first_day"], data["last_day"], by=request.user, today=today
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("You are reported sick from %(day)s. Get well soon.")
                % {"day": _d(spell.first_day)},
            )
            _told(request, mail.notify_self_report(spell, by=request.user))
            return redirect("person", person.pk)
    return render(
        request,
        "absence/self_sick.html",
        {"person": person, "form": form, "open_spell": open_spell},
    )


@login_required
def well_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _own_person(request)
    today = timezone.localdate()
    spell = _own_open_spell(person, today)
    form = WellForm(request.POST or None, initial={"back_on": today})
    if request.method == "POST" and spell is not None and form.is_valid():
        back_on = form.cleaned_data["back_on"]
        try:
            report_well(spell, back_on, by=request.user, today=today)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Welcome back! You are back at work from %(day)s.") % {"day": _d(back_on)},
            )
            _told(request, mail.notify_self_report(spell, by=request.user, back_on=back_on))
            return redirect("person", person.pk)
    return render(
        request, "absence/self_well.html", {"person": person, "form": form, "spell": spell}
    )
