"""The invitation to the sickness-absence conversation: when, how and where; nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.followup.models import Conversation


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value travels as ISO."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InvitationForm(forms.Form):
    at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    form = forms.ChoiceField(
        label=_("Form"), choices=Conversation.Form.choices, initial=Conversation.Form.IN_PERSON
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("E.g. the meeting room and address, or the phone number you will call."),
    )
    note = forms.CharField(
        label=_("A few words of your own"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Do not write about the illness."),
    )

    def clean_at(self) -> dt.datetime:
        at: dt.datetime = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return at
