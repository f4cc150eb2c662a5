from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.formfields import DateInput, DecimalField, choice_field, choose_people
from naervaer.jobcentre.models import Activity, Case, Conversation, EarlierBenefit, Meeting
from naervaer.rules import jobcentre as rules


def _check_category(form: forms.ModelForm[Any], book: rules.RuleBook, on: Any) -> None:
    """A category the law no longer has on that day (category 3 from 2025) is refused."""
    category = form.cleaned_data.get("category")
    if category and on and rules.Category(int(category)) not in rules.categories(book, on):
        form.add_error(
            "category",
            _("Category %(category)s does not exist on %(day)s under the rules of the case.")
            % {"category": category, "day": on.strftime("%d.%m.%Y")},
        )


class CaseForm(forms.ModelForm[Case]):
    class Meta:
        model = Case
        fields = [
            "citizen",
            "reference",
            "status",
            "employer",
            "employer_cvr",
            "first_day",
            "reported_on",
            "info_form_sent_on",
            "info_form_returned_on",
            "over_8_weeks",
            "expected_back_within_26_weeks",
            "light_follow_up",
            "benefit_from",
            "retention_plan",
            "retention_plan_document",
            "rule_set",
        ]
        widgets = {
            "first_day": DateInput(),
            "reported_on": DateInput(),
            "info_form_sent_on": DateInput(),
            "info_form_returned_on": DateInput(),
            "benefit_from": DateInput(),
            "expected_back_within_26_weeks": forms.NullBooleanSelect(),
            "retention_plan": forms.Textarea(attrs={"rows": 2}),
            "over_8_weeks": forms.NullBooleanSelect(),
        }


class ScreeningForm(forms.ModelForm[Case]):
    def __init__(self, *args: Any, caseworkers: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        choose_people(self.fields["caseworker"], caseworkers)
        self.fields["category"].required = True
        self.fields["category"].help_text = _(
            "A first assessment; the case is categorised again at every follow-up."
        )
        # Only the categories the law has today (no category 3 from 2025).
        allowed = rules.categories(self.instance.rules, today)
        category = choice_field(self, "category")
        # Django keeps a field's choices as (value, label) pairs, whatever they were set from.
        pairs = cast("list[tuple[str, str]]", category.choices)
        category.choices = [
            (value, label)
            for value, label in pairs
            if value == "" or rules.Category(int(value)) in allowed
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        _check_category(self, self.instance.rules, self.today)
        return cleaned

    class Meta:
        model = Case
        fields = ["caseworker", "category"]


class ConversationForm(forms.ModelForm[Conversation]):
    def __init__(self, *args: Any, book: rules.RuleBook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.book = book

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        _check_category(self, self.book, cleaned.get("held_on"))
        return cleaned

    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "category",
            "gradual_return",
            "more_information",
            "involve_workplace",
            "involve_doctor",
            "entitled",
            "next_planned_on",
            "notes",
        ]
        widgets = {
            "held_on": DateInput(),
            "next_planned_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ActivityForm(forms.ModelForm[Activity]):
    hours_per_week = DecimalField(label=_("hours per week"), min_value=0.5, max_value=60)

    class Meta:
        model = Activity
        fields = ["kind", "hours_per_week", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


class MeetingForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "participants", "agreed_plan"]
        widgets = {"held_on": DateInput(), "agreed_plan": forms.Textarea(attrs={"rows": 3})}


class PlanForm(forms.ModelForm[Case]):
    class Meta:
        model = Case
        fields = ["plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4})}


class CloseForm(forms.ModelForm[Case]):
    class Meta:
        model = Case
        fields = ["closed_on"]
        widgets = {"closed_on": DateInput()}


class EarlierBenefitForm(forms.ModelForm[EarlierBenefit]):
    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it begins."))
        return cleaned

    class Meta:
        model = EarlierBenefit
        fields = ["start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
