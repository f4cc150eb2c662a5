from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.dialogue.content import BLANK_CARDS, goals_in
from naervaer.dialogue.models import FollowUp, Meeting, OwnCard
from naervaer.dialogue.services import MAX_GROUPS
from naervaer.formfields import DateInput, choice_field, choose_people


class MeetingForm(forms.ModelForm[Meeting]):
    groups = forms.IntegerField(
        label=_("Number of groups"),
        min_value=1,
        max_value=MAX_GROUPS,
        initial=3,
        help_text=_("Groups of 4–6 people; each group rates from one phone or tablet."),
    )

    class Meta:
        model = Meeting
        fields = ["title", "workplace", "held_on", "scope", "planned_minutes"]
        widgets = {"held_on": DateInput()}


class OwnCardForm(forms.ModelForm[OwnCard]):
    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        choice_field(self, "goal").choices = [(g.code, str(g.name)) for g in goals_in(meeting.area)]

    class Meta:
        model = OwnCard
        fields = ["goal", "name", "description"]

    def clean(self) -> dict[str, Any]:
        if self.meeting.own_cards.count() >= BLANK_CARDS:
            raise forms.ValidationError(
                _("The tool has %(n)s blank cards; this meeting has used them all.")
                % {"n": BLANK_CARDS}
            )
        super().clean()
        return self.cleaned_data


class FollowUpForm(forms.ModelForm[FollowUp]):
    def __init__(self, *args: Any, responsible_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_people(self.fields["responsible"], responsible_choices)
        self.fields["responsible"].help_text = _(
            "Gets the deadline in their reminders and calendar."
        )
        for name in ("priority", "aim", "actions"):
            self.fields[name].widget.attrs["rows"] = 2

    class Meta:
        model = FollowUp
        fields = ["priority", "aim", "actions", "due", "responsible", "done"]
        widgets = {"due": DateInput()}


class RatingForm(forms.Form):
    card = forms.CharField(max_length=60)
    score = forms.TypedChoiceField(choices=[(n, n) for n in range(1, 6)], coerce=int)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Meeting code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )
