from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from naervaer.amo.content import PLATFORMS, Theme
from naervaer.amo.models import (
    ActionPlan,
    AnnualDiscussion,
    ApvProblem,
    InformationItem,
    ProblemReport,
    Process,
)
from naervaer.amo.models import Theme as MappedTheme
from naervaer.formfields import DateInput, choice_field, choose_people, model_choice_field


class ProcessForm(forms.ModelForm[Process]):
    class Meta:
        model = Process
        fields = ["title", "year"]


class AnswersForm(forms.Form):
    """One text box per guided question, under the themes' headings."""

    def __init__(
        self, *args: Any, themes: tuple[Theme, ...], answers: dict[str, str], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.themes = themes
        for theme in themes:
            for q in theme.questions:
                self.fields[q.code] = forms.CharField(
                    label=str(q.text),
                    required=False,
                    initial=answers.get(q.code, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def save_answers(self, model: type[Model], **owner: Any) -> None:
        """One row per question for ``owner`` (a process, or an organisation)."""
        for code, text in self.cleaned_data.items():
            model._default_manager.update_or_create(
                question=code, defaults={"answer": text}, **owner
            )

    def grouped(self) -> list[tuple[Theme, list[forms.BoundField]]]:
        return [(t, [self[q.code] for q in t.questions]) for t in self.themes]


class ThemeForm(forms.ModelForm[MappedTheme]):
    class Meta:
        model = MappedTheme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class PlacementForm(forms.ModelForm[MappedTheme]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "reach").choices = MappedTheme.Reach.choices
        choice_field(self, "effect").choices = MappedTheme.Effect.choices

    class Meta:
        model = MappedTheme
        fields = ["reach", "effect"]
        widgets = {"reach": forms.RadioSelect, "effect": forms.RadioSelect}


class ActionPlanForm(forms.ModelForm[ActionPlan]):
    def __init__(self, *args: Any, process: Process, users: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "theme").queryset = process.themes.all()
        choose_people(self.fields["responsible"], users)

    class Meta:
        model = ActionPlan
        fields = [
            "theme",
            "challenge",
            "solution",
            "responsible",
            "responsible_text",
            "deadline",
            "follow_up_on",
            "information",
        ]
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 2}),
            "solution": forms.Textarea(attrs={"rows": 2}),
            "information": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
            "follow_up_on": DateInput(),
        }


class InformationForm(forms.ModelForm[InformationItem]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "platform").choices = [(c, str(t)) for c, t in PLATFORMS]

    class Meta:
        model = InformationItem
        fields = [
            "what",
            "purpose",
            "recipients",
            "platform",
            "frequency",
            "responsible",
            "involve",
        ]


YES_NO = [("", "—"), ("true", _("Yes")), ("false", _("No"))]


class EvaluationForm(forms.ModelForm[ActionPlan]):
    right_action = forms.TypedChoiceField(
        label=_("the right action"),
        choices=YES_NO,
        required=False,
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    right_people = forms.TypedChoiceField(
        label=_("the right people involved"),
        choices=YES_NO,
        required=False,
        coerce=lambda v: v == "true",
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("right_action", "right_people"):
            value = getattr(self.instance, name)
            self.initial[name] = "" if value is None else ("true" if value else "false")

    class Meta:
        model = ActionPlan
        fields = ["progress", "results", "right_action", "right_people", "learned", "decision"]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 2}),
            "learned": forms.Textarea(attrs={"rows": 2}),
        }


class ApvForm(forms.ModelForm[ApvProblem]):
    def __init__(self, *args: Any, units: QuerySet[Any], actions: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
        model_choice_field(self, "action").queryset = actions

    class Meta:
        model = ApvProblem
        fields = [
            "title",
            "description",
            "place",
            "unit",
            "priority",
            "action",
            "follow_up_guidelines",
            "state",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up_guidelines": forms.Textarea(attrs={"rows": 2}),
        }


class ReportForm(forms.ModelForm[ProblemReport]):
    """What a colleague fills in on a phone: the problem, where, and perhaps a suggestion."""

    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        initial=True,
        help_text=_("Nothing about you is saved; you follow the report with its code."),
    )

    class Meta:
        model = ProblemReport
        fields = ["what", "place", "suggestion", "reporter_name"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4}),
            "suggestion": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"reporter_name": _("Leave empty to stay anonymous.")}


class ReportHandlingForm(forms.ModelForm[ProblemReport]):
    def __init__(self, *args: Any, users: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_people(self.fields["responsible"], users)
        choice_field(self, "state").choices = [
            c for c in ProblemReport.State.choices if c[0] != ProblemReport.State.APV
        ]

    class Meta:
        model = ProblemReport
        fields = ["responsible", "follow_up_on", "state", "outcome"]
        widgets = {"follow_up_on": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("state") == ProblemReport.State.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Write what was done before the report is closed."))
        return data


class StatusForm(forms.Form):
    code = forms.CharField(label=_("Your receipt code"), max_length=12)


class AnnualForm(forms.ModelForm[AnnualDiscussion]):
    class Meta:
        model = AnnualDiscussion
        fields = [
            "held_on",
            "participants",
            "focus",
            "cooperation",
            "goals_met",
            "next_goals",
            "competences",
        ]
        widgets = {
            "held_on": DateInput(),
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "participants",
                    "focus",
                    "cooperation",
                    "goals_met",
                    "next_goals",
                    "competences",
                )
            },
        }
