"""Words for the rules core's codes. The core (``naervaer.rules.jobcentre``) returns a code with
parameters; the sentence, in the user's language, is made here with the values filled in, so a
changed value (8 weeks → 4 follow-ups) can never break a translation."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naervaer.rules.jobcentre import Authority, Code, Deadline, Kind


def who(authority: Authority) -> str:
    """Who follows up, as a noun inside a sentence: "jobcentret" until the 2026 reform,
    "kommunen" after it."""
    if authority is Authority.MUNICIPALITY:
        return _("the municipality")
    return _("the job centre")


def describe(deadline: Deadline, authority: Authority) -> str:
    """The rule behind a date, in one sentence."""
    p = dict(deadline.params)
    p["who"] = who(authority)
    for key, value in p.items():
        if isinstance(value, dt.date):
            p[key] = date_format(value, "SHORT_DATE_FORMAT")
    texts = {
        Code.FIRST_FOLLOW_UP: _("The first follow-up, before the end of week %(week)s."),
        Code.FOLLOW_UP_INTERVAL: _("Every %(weeks)s weeks in category %(category)s."),
        Code.FOLLOW_UP_MUNICIPALITY_DECIDES: _(
            "In category %(category)s %(who)s decides how often to follow up."
        ),
        Code.FOLLOW_UP_MINIMUM: _(
            "At least %(minimum)s follow-ups in the first %(months)s months; "
            "%(held)s held so far. Plan the next ones with the citizen."
        ),
        Code.FOLLOW_UP_AGREED: _(
            "After the first %(months)s months: as agreed with the citizen, and when needed."
        ),
        Code.LIGHT_FOLLOW_UP: _(
            "Light follow-up (§ 13 f): only the first follow-up; check that the citizen is back "
            "within %(weeks)s weeks of it."
        ),
        Code.EXEMPT_EXPECTED_BACK: _(
            "Exempt: an employee expected back within %(weeks)s weeks; %(who)s holds no "
            "follow-up unless needed."
        ),
        Code.PLAN_BY_FOLLOW_UP: _("By follow-up no. %(follow_up)s."),
        Code.PLAN_NOT_REQUIRED: _("Not required for a citizen in a job (since 2025)."),
        Code.ROUND_TABLE: _(
            "Recommended within %(days)s days of screening: the IBBIS trial's practice, not law."
        ),
        Code.INFO_FORM: _("Back within %(days)s days of sending."),
    }
    text = texts[deadline.code] % p
    if deadline.params.get("planned"):
        text = f"{text} {_('Next planned: %(planned)s.') % p}"
    if not deadline.verified and deadline.kind is not Kind.RECOMMENDED:  # that one says "not law"
        text = f"{text} {_('(still to be verified against the law text)')}"
    return text


def kind_label(kind: Kind) -> str:
    return {
        Kind.DEADLINE: _("legal deadline"),
        Kind.PLANNED: _("planned"),
        Kind.MILESTONE: _("milestone"),
        Kind.RECOMMENDED: _("recommended"),
        Kind.NONE: _("nothing due"),
    }[kind]
