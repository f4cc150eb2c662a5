"""The obligations' names and explanations in the user's language (the rules core is English)."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from naervaer.rules.obligations import Code

TITLES: dict[str, Promise] = {
    Code.EMPLOYER_PERIOD_END: _("Last day of the employer period"),
    Code.REPORT_TO_MUNICIPALITY: _("Report the absence to the municipality (refund)"),
    Code.ABSENCE_CONVERSATION: _("Sickness-absence conversation"),
    Code.EIGHT_WEEK_ANSWER: _("Answer: will the absence last more than 8 weeks?"),
    Code.RETENTION_PLAN: _("Retention plan"),
    Code.JOBCENTRE_FIRST_FOLLOWUP: _("The job centre's first follow-up"),
    Code.CARE_CONVERSATION: _("Care conversation"),
    Code.SECTION56_REFUND: _("Report for § 56 refund from the first day"),
}

HELP: dict[str, Promise] = {
    Code.EMPLOYER_PERIOD_END: _(
        "The employer pays for the first 30 calendar days; after that the municipality refunds."
    ),
    Code.REPORT_TO_MUNICIPALITY: _(
        "Report in NemRefusion. Reported late, refund runs only from the day of the report."
    ),
    Code.ABSENCE_CONVERSATION: _(
        "Talk with the employee about how and when they can return. In person as a rule."
    ),
    Code.EIGHT_WEEK_ANSWER: _(
        "Given at the conversation and sent to the municipality with the report."
    ),
    Code.RETENTION_PLAN: _(
        "The employee may ask for a plan when not expected back within 8 weeks; take it to "
        "the job centre's first meeting."
    ),
    Code.JOBCENTRE_FIRST_FOLLOWUP: _(
        "The job centre meets the employee; the employer may be asked to take part."
    ),
    Code.CARE_CONVERSATION: _(
        "Frequent absence can be an early sign of problems at work or with health: talk about "
        "well-being and what the workplace can do. Never about the illness."
    ),
    Code.SECTION56_REFUND: _("Refund from the first day under the § 56 agreement."),
}

# The reasons the rules core gives, in the user's language.
REASONS: dict[str, Promise] = {
    "Back at work before the conversation was due.": _(
        "Back at work before the conversation was due."
    ),
    "The absence ended within the employer period.": _(
        "The absence ended within the employer period."
    ),
    "The absence ended within the employer period: no refund to claim.": _(
        "The absence ended within the employer period: no refund to claim."
    ),
    "The absence ended before the job centre's first follow-up.": _(
        "The absence ended before the job centre's first follow-up."
    ),
    "The absence lasted 8 weeks or less.": _("The absence lasted 8 weeks or less."),
    "Not expected to last more than 8 weeks.": _("Not expected to last more than 8 weeks."),
    "Depends on the 8-week answer.": _("Depends on the 8-week answer."),
    "The employee has asked for a retention plan.": _(
        "The employee has asked for a retention plan."
    ),
    "The employee is under notice and leaves within 8 weeks of the first sick day.": _(
        "The employee is under notice and leaves within 8 weeks of the first sick day."
    ),
    "The employment ends before the conversation is due.": _(
        "The employment ends before the conversation is due."
    ),
    "The employment ends within the employer period.": _(
        "The employment ends within the employer period."
    ),
    "No employer period: the employee applies to the municipality.": _(
        "No employer period: the employee applies to the municipality."
    ),
    "The policy no longer calls for a care conversation.": _(
        "The policy no longer calls for a care conversation."
    ),
    "Expected to last more than 8 weeks: the employee may ask for a plan, and the employer "
    "may offer one.": _(
        "Expected to last more than 8 weeks: the employee may ask for a plan, and the employer "
        "may offer one."
    ),
    "The employment ends first: the employer pays only while the person is employed.": _(
        "The employment ends first: the employer pays only while the person is employed."
    ),
    "Covered by a § 56 agreement: refund from the first absence day (§ 56).": _(
        "Covered by a § 56 agreement: refund from the first absence day (§ 56)."
    ),
    "Employed in a fleksjob: refund from the first absence day.": _(
        "Employed in a fleksjob: refund from the first absence day."
    ),
    "Employed less than 8 weeks before the first absence day (§ 30, stk. 2).": _(
        "Employed less than 8 weeks before the first absence day (§ 30, stk. 2)."
    ),
    "Fewer than 74 hours in the 8 weeks before the absence (§ 30, stk. 2).": _(
        "Fewer than 74 hours in the 8 weeks before the absence (§ 30, stk. 2)."
    ),
    "Report the absence for refund from the first day under the § 56 agreement.": _(
        "Report the absence for refund from the first day under the § 56 agreement."
    ),
}

CARE_COUNT = re.compile(r"^(\d+) absences within (\d+) days\.$")


def title(code: str) -> Promise | str:
    return TITLES.get(code, code)


def reason(text: str) -> Promise | str:
    match = CARE_COUNT.match(text)
    if match:
        return _("%(n)s absences within %(days)s days.") % {
            "n": match.group(1),
            "days": match.group(2),
        }
    return REASONS.get(text, text)
