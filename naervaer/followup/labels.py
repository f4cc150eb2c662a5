"""The obligations' names and explanations in the user's language.

The rules core returns codes with parameters (``naervaer.rules.obligations.Reason``); the words
are here, with the values filled in by gettext's named placeholders. Changing a rule's value
(8 weeks, 14 days) therefore changes the sentence, never breaks its translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naervaer.rules.obligations import Actor, Code, Reason
from naervaer.rules.rulesets import Key, RuleSet

TITLES: dict[str, Promise] = {
    Code.EMPLOYER_PERIOD_END: _("Last day of the employer period"),
    Code.REPORT_TO_MUNICIPALITY: _("Report the absence to the municipality (refund)"),
    Code.ABSENCE_CONVERSATION: _("Sickness-absence conversation"),
    Code.EIGHT_WEEK_ANSWER: _("Answer: will the absence last more than 8 weeks?"),
    Code.RETENTION_PLAN: _("Retention plan"),
    Code.JOBCENTRE_FIRST_FOLLOWUP: _("The municipality's first follow-up"),
    Code.EARLY_FOLLOWUP: _("Early follow-up by the municipality"),
    Code.SICKNESS_BENEFIT_REASSESSMENT: _("Sickness benefit reassessed (22 weeks)"),
    Code.CARE_CONVERSATION: _("Care conversation"),
    Code.SECTION56_REFUND: _("Claim refund from the first day"),
}

ACTORS: dict[str, Promise] = {
    Actor.MANAGER: _("Manager"),
    Actor.HR: _("HR"),
    Actor.JOBCENTRE: _("Municipality"),
}

HELP: dict[str, Promise] = {
    Code.EMPLOYER_PERIOD_END: _(
        "The employer pays for the first days of the absence; after that the municipality refunds."
    ),
    Code.REPORT_TO_MUNICIPALITY: _(
        "Report in NemRefusion. Reported late, refund runs only from the day of the report."
    ),
    Code.ABSENCE_CONVERSATION: _(
        "Talk with the employee about how and when they can return. In person as a rule."
    ),
    Code.EIGHT_WEEK_ANSWER: _("Given at the conversation and sent to the municipality."),
    Code.RETENTION_PLAN: _(
        "The employee may ask for a plan when not expected back within 8 weeks; the employer "
        "may agree or decline. The employee takes a plan to the municipality's next follow-up."
    ),
    Code.JOBCENTRE_FIRST_FOLLOWUP: _(
        "The municipality meets the employee; the employer may be asked to take part."
    ),
    Code.EARLY_FOLLOWUP: _("Asked for by the employer or the employee (fast track)."),
    Code.SICKNESS_BENEFIT_REASSESSMENT: _(
        "The municipality reassesses the right to sickness benefit before this date."
    ),
    Code.CARE_CONVERSATION: _(
        "Frequent absence can be an early sign of problems at work or with health: talk about "
        "well-being and what the workplace can do. Never about the illness."
    ),
    Code.SECTION56_REFUND: _(
        "A § 56 agreement or a fleksjob: refund from the first absence day, claimed in NemRefusion."
    ),
}

# Each reason's text, with named placeholders for its parameters (see ``Reason``).
REASONS: dict[str, Promise] = {
    Reason.EMPLOYER_PERIOD: _("The employer period is %(days)s calendar days."),
    Reason.EMPLOYMENT_ENDS_FIRST: _(
        "The employment ends on %(day)s, before the employer period: the employer pays only "
        "while the person is employed."
    ),
    Reason.REPORT_PAYING_SALARY: _(
        "The employer pays salary: report within %(days)s days of the first absence day if the "
        "absence goes beyond the employer period (§ 40, stk. 1)."
    ),
    Reason.REPORT_PAYING_BENEFIT: _(
        "The employer pays sickness benefit, not salary: report within %(days)s days after its "
        "payment stopped (§ 40, stk. 2)."
    ),
    Reason.REPORT_PAYING_NOTHING: _(
        "The employer pays neither salary nor sickness benefit: report within %(days)s days of "
        "the first absence day (§ 40, stk. 3)."
    ),
    Reason.CONVERSATION_BY_WEEKS: _(
        "Held no later than %(weeks)s weeks after the first sick day (§ 7 a)."
    ),
    Reason.INFORM_MUNICIPALITY: _(
        "The employer informs the municipality on the basis of the conversation."
    ),
    Reason.PLAN_REQUESTED: _(
        "The employee has asked for a retention plan: agree to make one together, or decline."
    ),
    Reason.PLAN_AGREED: _("The employer agreed to make a retention plan with the employee."),
    Reason.PLAN_MAY_ASK: _(
        "Expected to last more than %(weeks)s weeks: the employee may ask for a plan at any "
        "time, and the employer may offer one."
    ),
    Reason.PLAN_DEPENDS_ON_ANSWER: _(
        "Depends on whether the absence is expected to last more than %(weeks)s weeks."
    ),
    Reason.FIRST_FOLLOWUP_BY_WEEK: _("Before the end of sickness week %(week)s."),
    Reason.EARLY_FOLLOWUP_REQUESTED: _(
        "Early follow-up was requested on %(requested)s: the municipality holds the first "
        "conversation within %(days)s days."
    ),
    Reason.REASSESSMENT_MONTH_END: _(
        "Sickness benefit stops at the end of the month in which more than %(weeks)s weeks "
        "within %(months)s calendar months are passed (the employer period not counted, "
        "earlier absences added up), unless the municipality extends it."
    ),
    Reason.REFUND_WITH_REPORT: _(
        "Report within %(days)s days of the first absence day, or refund runs only from the "
        "day of the report."
    ),
    Reason.REFUND_WITHIN_MONTHS: _(
        "The absence ended within the employer period: the refund may be claimed up to "
        "%(months)s months back, so claim by this day to get the first day."
    ),
    Reason.CARE_COUNT: _("%(n)s absences within %(days)s days."),
    Reason.CARE_BRADFORD: _("Bradford factor %(factor)s ≥ %(threshold)s."),
    Reason.RULE_NOT_IN_FORCE: _("The rule was not in force on the first absence day."),
    Reason.NO_LONGER_A_DUTY: _("No longer a duty under the law."),
    Reason.ENDED_WITHIN_EMPLOYER_PERIOD: _("The absence ended within the employer period."),
    Reason.ENDED_BEFORE_DUE: _("The absence ended before this was due."),
    Reason.SECTION56: _("Covered by a § 56 agreement: refund from the first absence day."),
    Reason.FLEKSJOB: _("Employed in a fleksjob: refund from the first absence day."),
    Reason.EMPLOYED_UNDER_WEEKS: _(
        "Employed less than %(weeks)s weeks before the first absence day (§ 30, stk. 2)."
    ),
    Reason.HOURS_UNDER: _(
        "%(worked)s hours in the %(weeks)s weeks before the absence, fewer than %(hours)s "
        "(§ 30, stk. 2)."
    ),
    Reason.REFUND_FROM_DAY_ONE: _("Reported with the claim for refund from the first day."),
    Reason.NO_REFUND_FROM_DAY_ONE: _("No § 56 agreement or fleksjob."),
    Reason.LEAVING_WITHIN_WEEKS: _(
        "The employee is under notice and leaves within %(weeks)s weeks of the first sick day."
    ),
    Reason.PLAN_DECLINED: _("The employer declined to make a retention plan (§ 7 b, stk. 2)."),
    Reason.PLAN_NOT_EXPECTED_LONG: _("Not expected to last more than %(weeks)s weeks."),
    Reason.ABSENCE_WITHIN_WEEKS: _("The absence lasted %(weeks)s weeks or less."),
    Reason.EXPECTED_BACK_WITHIN_WEEKS: _(
        "Expected back within %(weeks)s weeks: as a starting point no follow-up by the "
        "municipality."
    ),
    Reason.NOT_REQUESTED: _("Not requested."),
    Reason.LIMIT_NOT_REACHED: _("The absence does not reach %(weeks)s weeks."),
    Reason.POLICY_NO_LONGER_CALLS: _("The policy no longer calls for a care conversation."),
}

ESTIMATE = _("(estimated as weekly hours × 8)")


def title(code: str) -> Promise | str:
    return TITLES.get(code, code)


def actor(value: str) -> Promise | str:
    return ACTORS.get(value, value)


def _shown(value: object) -> str:
    """A parameter as the user reads it: dates dd.mm.yyyy, decimals with a comma."""
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value.replace(".", ",")
        return day.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value).replace(".", ",")


def reason_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The reason in the user's language, values filled in; "" for no code.

    An unknown code (a stored row from before reasons were codes) is shown as it is.
    """
    if not code:
        return ""
    template = REASONS.get(code)
    if template is None:
        return code
    params = dict(params or {})
    text = str(template) % _Values({k: _shown(v) for k, v in params.items()})
    if code == Reason.HOURS_UNDER and params.get("estimate"):
        text = f"{text} {ESTIMATE}"
    return text


class _Values(dict[str, str]):
    """A missing parameter shows as "?" rather than breaking the page."""

    def __missing__(self, key: str) -> str:
        return "?"


# --- The rules page ------------------------------------------------------------------------

# Each rule's name and how its value reads, with the value filled in.
RULES: dict[str, tuple[Promise, Promise]] = {
    Key.EMPLOYER_PERIOD_DAYS: (_("Employer period"), _("%(value)s calendar days")),
    Key.EMPLOYMENT_WEEKS_REQUIRED: (
        _("Employed before the absence (for the employer period)"),
        _("%(value)s weeks"),
    ),
    Key.EMPLOYMENT_HOURS_REQUIRED: (
        _("Hours worked in those weeks (for the employer period)"),
        _("at least %(value)s hours"),
    ),
    Key.REPORT_SALARY_DAYS: (
        _("Report, employer paying salary (§ 40, stk. 1)"),
        _("%(value)s days after the first absence day"),
    ),
    Key.REPORT_AFTER_EMPLOYER_BENEFIT_DAYS: (
        _("Report, employer paying sickness benefit (§ 40, stk. 2)"),
        _("%(value)s days after the employer's payment stopped"),
    ),
    Key.REPORT_NO_PAY_DAYS: (
        _("Report, employer paying neither (§ 40, stk. 3)"),
        _("%(value)s days after the first absence day"),
    ),
    Key.REFUND_CLAIM_MONTHS: (
        _("Claim for refund from the first day, short absence (§ 59)"),
        _("up to %(value)s months back"),
    ),
    Key.CONVERSATION_DAYS: (
        _("Sickness-absence conversation (§ 7 a)"),
        _("%(value)s days after the first sick day"),
    ),
    Key.CONVERSATION_EXEMPT_LEAVING_WITHIN_DAYS: (
        _("No conversation for an employee leaving within (§ 7 a)"),
        _("%(value)s days of the first sick day"),
    ),
    Key.EIGHT_WEEK_INFORMATION_DUTY: (
        _("Information to the municipality after the conversation"),
        _("duty: %(value)s"),
    ),
    Key.RETENTION_PLAN_EXPECTED_DAYS: (
        _("Retention plan on request (§ 7 b)"),
        _("when not expected back within %(value)s days"),
    ),
    Key.JOBCENTRE_FIRST_FOLLOWUP_DAYS: (
        _("The municipality's first follow-up"),
        _("%(value)s days after the first absence day"),
    ),
    Key.EARLY_FOLLOWUP_DAYS: (
        _("Early follow-up on request (§ 13 b, stk. 2)"),
        _("%(value)s days after the request"),
    ),
    Key.MUNICIPAL_FOLLOWUP_EXEMPT_WEEKS: (
        _("No municipal follow-up when expected back within"),
        _("%(value)s weeks"),
    ),
    Key.REASSESSMENT_LIMIT: (
        _("Reassessment of sickness benefit (§ 24)"),
        _("more than %(weeks)s weeks within %(months)s calendar months"),
    ),
}


def _value_text(key: str, value: Any) -> str:
    template: Promise | str = RULES[key][1] if key in RULES else "%(value)s"
    if isinstance(value, bool):
        value = gettext("yes") if value else gettext("no")
    if hasattr(value, "weeks") and hasattr(value, "months"):
        return str(template) % {"weeks": value.weeks, "months": value.months}
    return str(template) % {"value": value}


def rule_rows(rules: RuleSet, today: dt.date) -> list[dict[str, Any]]:
    """Each rule with its steps in the user's language, the step in force today marked."""
    rows = []
    for series in rules.series:
        current = series.get(today)
        in_force = next(
            (s for s in reversed(series.steps) if s.enacted and s.in_force_from <= today), None
        )
        rows.append(
            {
                "key": series.key,
                "name": RULES[series.key][0] if series.key in RULES else series.key,
                "now": _value_text(series.key, current) if current is not None else "",
                "verified": series.verified,
                "steps": [
                    {
                        "step": step,
                        "from": step.in_force_from if step.in_force_from.year > 1900 else None,
                        "value": _value_text(series.key, step.value),
                        "current": step is in_force,
                        "upcoming": step.in_force_from > today or not step.enacted,
                    }
                    for step in series.steps
                ],
            }
        )
    return rows
