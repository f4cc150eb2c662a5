"""Seed 000's rules for a long working life: the work-accident report and the fleksjob bonus.

Seed 000 (the government's prevention and retention package, 2012) asks workplaces to keep
people hurt at work and people in small-hours fleksjob at work. Two of its rules carry dates an
HR department must meet, so they are data here, dated and sourced like the sickness rules:

* **The employer's report of a work accident** (EASY, to Arbejdstilsynet and the insurer).
  Until 30 June 2022: within 9 days of the first absence day (Arbejdstilsynet's order); since
  1 July 2022 the two orders were harmonised at 14 days. An accident is reportable on absence
  "ud over tilskadekomstdagen" — at least one day beyond the day of injury. A bill of the
  2025–26 session (L 31) raises that to three days from 1 July 2026; it is kept as a bill (not
  applied) until its passing is confirmed.
* **The fleksjob bonus** (seed 000: a three-year trial, a one-off bonus for employing someone in
  a fleksjob of ten hours a week or less). 25,000 DKK after six continuous months from 2013,
  20,000 DKK after nine months for applications from 1 May 2014 (private employers only), and
  closed since ("Ordningen er udfaset").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from naervaer.rules.calendar import add_months
from naervaer.rules.series import Series, Source, Step

AT_ORDER_2010 = Source(
    "Bekendtgørelse nr. 615 af 8. juni 2010 om anmeldelse af arbejdsulykker m.v. til "
    "Arbejdstilsynet (as amended by bek. nr. 1456 af 4. december 2015)",
    "§ 1, stk. 1: »snarest og inden 9 dage efter første fraværsdag«",
    "https://www.retsinformation.dk/Forms/R0710.aspx?id=176018",
)
AT_ORDER_2022 = Source(
    "Bekendtgørelse nr. 799 af 3. juni 2022 om anmeldelse af arbejdsulykker m.v. til "
    "Arbejdstilsynet; bekendtgørelse nr. 941 af 21. juni 2022 om anmeldelse af ulykker efter "
    "arbejdsskadesikringsloven",
    "§ 1, stk. 1 (AT) and § 9, stk. 1 (AES): »senest 14 dage efter første fraværsdag«, in force "
    "1 July 2022",
    "https://www.retsinformation.dk/eli/lta/2022/941",
)
BILL_L31_2025 = Source(
    "Forslag til lov om ændring af lov om arbejdsmiljø og lov om arbejdsskadesikring (L 31, "
    "folketingsåret 2025–26, fremsat 8. oktober 2025)",
    "§ 2, nr. 1 (arbejdsskadesikringsloven § 31, stk. 1: »mindst 3 dages« fravær); § 3, stk. 2: "
    "in force 1 July 2026",
    "https://www.ft.dk/samling/20251/lovforslag/l31/20251_l31_som_fremsat.htm",
)
SEED_000 = Source(
    "Seed 000: Et godt og langt arbejdsliv for alle (Regeringen, 2012)",
    "»Ny fleksjobbonus til virksomheder«",
)
BONUS_2013 = Source(
    "Bekendtgørelse om fleksjobbonus (2013), as adjusted from 7 August 2013",
    "25.000 kr. after six continuous months of employment, 10 hours a week or less",
    "https://bm.dk/nyheder-presse/nyheder/2013/08/regler-om-fleksjobbonus-er-blevet-justeret/",
)
BONUS_2014 = Source(
    "Bekendtgørelse nr. 410 af 28. april 2014 om fleksjobbonus",
    "20.000 kr. after nine continuous months, 10 hours a week or less; private employers only; "
    "applications from 1 May 2014",
    "http://forebyggelsesfonden.dk/fleksjobbonus_vejledning.html",
)

WORK_ACCIDENT_REPORT_DAYS: Series[int] = Series(
    key="work_accident_report_days",
    meaning="The employer reports a work accident in EASY no later than this many days after "
    "the first absence day.",
    unit="days after the first absence day",
    looks_at="first absence day",
    steps=(
        Step(
            dt.date(2010, 7, 1),
            9,
            AT_ORDER_2010,
            verified=False,
            note="The 9-day value is confirmed; the start date is the 2010 order's, and earlier "
            "orders are not checked.",
        ),
        Step(dt.date(2022, 7, 1), 14, AT_ORDER_2022, verified=True),
    ),
)

WORK_ACCIDENT_MIN_ABSENCE_DAYS: Series[int] = Series(
    key="work_accident_min_absence_days",
    meaning="An accident is reportable when it causes at least this many days of absence "
    "beyond the day of injury.",
    unit="days beyond the day of injury",
    looks_at="day of injury",
    steps=(
        Step(
            dt.date(2010, 7, 1),
            1,
            AT_ORDER_2010,
            verified=True,
            note="»1 dag eller mere udover tilskadekomstdagen«; unchanged by the 2022 orders.",
        ),
        Step(
            dt.date(2026, 7, 1),
            3,
            BILL_L31_2025,
            verified=False,
            enacted=False,
            note="A bill; its passing has not been confirmed, so it is never applied. "
            "Accidents that may give compensation stay reportable regardless.",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class FleksjobBonus:
    amount_dkk: Decimal
    max_weekly_hours: Decimal
    months_employed: int
    private_employers_only: bool


FLEKSJOB_BONUS: Series[FleksjobBonus | None] = Series(
    key="fleksjob_bonus",
    meaning="A one-off bonus to an employer who employs someone in a fleksjob of few hours a "
    "week for a continuous period.",
    unit="DKK",
    looks_at="start of the fleksjob employment",
    steps=(
        Step(
            dt.date(2013, 1, 1),
            FleksjobBonus(Decimal(25000), Decimal(10), 6, private_employers_only=False),
            BONUS_2013,
            verified=False,
            note=f"{SEED_000}: a three-year trial 2013–2015. The exact start date of the first "
            "order is not confirmed; 7 August 2013's adjustment kept the amount.",
        ),
        Step(
            dt.date(2014, 5, 1),
            FleksjobBonus(Decimal(20000), Decimal(10), 9, private_employers_only=True),
            BONUS_2014,
            verified=True,
        ),
        Step(
            dt.date(2016, 1, 1),
            None,
            Source(
                "Fonden for Forebyggelse og Fastholdelse: »Ordningen er udfaset«",
                url="http://forebyggelsesfonden.dk/fleksjobbonus_vejledning.html",
            ),
            verified=False,
            note="Closed; the seed's trial ran 2013–2015. The exact closing date is not confirmed.",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class AccidentReport:
    """Whether a work accident must be reported, and by when (``due`` is the last day)."""

    required: bool
    due: dt.date | None
    min_absence_days: int
    deadline_days: int


def work_accident_report(
    injury_day: dt.date, absent_days_beyond_injury_day: int, *, may_give_compensation: bool = False
) -> AccidentReport:
    """The employer's duty to report a work accident.

    An accident that causes absence beyond the day of injury is reported the given number of
    days after the first absence day, which is the day after the day of injury. Absence counts
    in calendar days, weekends included (an accident on a Friday with the employee unfit on
    Saturday is reportable). An accident without such absence that may still give compensation
    (``may_give_compensation``: e.g. a broken finger with treatment costs) is reported the same
    number of days after the day of injury (bek. nr. 941 af 21/06/2022 § 9, stk. 2).
    """
    if absent_days_beyond_injury_day < 0:
        raise ValueError("absence cannot be negative")
    threshold = WORK_ACCIDENT_MIN_ABSENCE_DAYS.at(injury_day)
    first_absence_day = injury_day + dt.timedelta(days=1)
    if absent_days_beyond_injury_day >= threshold:
        deadline = WORK_ACCIDENT_REPORT_DAYS.at(first_absence_day)
        return AccidentReport(
            True, first_absence_day + dt.timedelta(days=deadline), threshold, deadline
        )
    deadline = WORK_ACCIDENT_REPORT_DAYS.at(injury_day)
    if may_give_compensation:
        return AccidentReport(True, injury_day + dt.timedelta(days=deadline), threshold, deadline)
    return AccidentReport(False, None, threshold, deadline)


@dataclass(frozen=True, slots=True)
class BonusEligibility:
    bonus: FleksjobBonus | None
    claimable_from: dt.date | None
    reason: str  # a code: eligible | scheme_closed | too_many_hours | public_employer


def fleksjob_bonus(
    employment_start: dt.date, weekly_hours: Decimal, *, private_employer: bool
) -> BonusEligibility:
    """Whether a fleksjob employment earns the bonus, and from which day it can be claimed
    (after the required continuous months of employment)."""
    bonus = FLEKSJOB_BONUS.get(employment_start)
    if bonus is None:
        return BonusEligibility(None, None, "scheme_closed")
    if weekly_hours > bonus.max_weekly_hours:
        return BonusEligibility(bonus, None, "too_many_hours")
    if bonus.private_employers_only and not private_employer:
        return BonusEligibility(bonus, None, "public_employer")
    return BonusEligibility(bonus, add_months(employment_start, bonus.months_employed), "eligible")


# --- Seniors -----------------------------------------------------------------------------------
# The senior conversation is the organisation's own policy (seed 000's "seniorpakke"), not law:
# the age it starts from and how often it is held are the organisation's settings.


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def senior_conversation_due(
    birth_date: dt.date, *, from_age: int, interval_months: int, last_held: dt.date | None
) -> dt.date:
    """When the next senior conversation is due: on the day the employee reaches ``from_age``
    (a 29 February birthday counts on 28 February), then ``interval_months`` after the last
    one held. A conversation held up to three months before the birthday counts as the first
    (it is often planned ahead); one held earlier does not."""
    reaches = add_months(birth_date, 12 * from_age)
    if last_held is None or last_held < add_months(reaches, -SENIOR_EARLY_MONTHS):
        return reaches
    return add_months(last_held, interval_months)


SENIOR_EARLY_MONTHS = 3


# --- Authorised work-environment advice --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdviceSubsidy:
    percent: int
    max_dkk: Decimal
    who: str  # a code: wear_out_industries | small_private (≤ 50 employees)


AT_REFUND_2013 = Source(
    "Arbejdstilsynet: refusion af udgifter til autoriseret arbejdsmiljørådgivning (2013–2015, "
    "seed 000's »50 pct. støtte«)",
    "Half of the documented costs, at most 500.000 kr., for firms in industries at risk of "
    "wear-out; not for advice on meeting the authorities' orders",
    "http://arbejdstilsynet.dk/da/nyheder/nyheder/nyheder-2013/nyheder/refusion-af-arbejdsmiljoeraadgivning",
)
POOL_2021 = Source(
    "Bekendtgørelse nr. 262 af 23. februar 2021 om pulje til forebyggelse af nedslidning og "
    "arbejdsulykker i små private virksomheder (Arbejdsmiljøpuljen)",
    "80 % of eligible costs excl. VAT, at most 500.000 kr. per project, private firms with at "
    "most 50 employees; runs to the end of 2023",
    "https://at.dk/spoergsmaal-svar/a/arbejdsmiljoepuljen-tilskud/",
)

ADVICE_SUBSIDY: Series[AdviceSubsidy | None] = Series(
    key="advice_subsidy",
    meaning="Public support for an employer's costs of authorised work-environment advice.",
    unit="percent of the documented costs",
    looks_at="start of the advice",
    steps=(
        Step(
            dt.date(2013, 8, 1),
            AdviceSubsidy(50, Decimal(500000), "wear_out_industries"),
            AT_REFUND_2013,
            verified=True,
            note="Applications from the start of August 2013; approval before the work starts.",
        ),
        Step(
            dt.date(2016, 1, 1),
            None,
            AT_REFUND_2013,
            verified=False,
            note="The scheme was set up for 2013–15; its exact end is not confirmed.",
        ),
        Step(
            dt.date(2021, 3, 1),
            AdviceSubsidy(80, Decimal(500000), "small_private"),
            POOL_2021,
            verified=False,
            note="In force from the order of 23 February 2021; the first application date is "
            "not confirmed.",
        ),
        Step(
            dt.date(2024, 1, 1),
            None,
            POOL_2021,
            verified=False,
            note="The pool ran to the end of 2023.",
        ),
    ),
)


SMALL_FIRM_EMPLOYEES = 50


def advice_subsidy(
    start: dt.date,
    cost: Decimal,
    *,
    ordered_by_authority: bool,
    private_employer: bool,
    employees: int,
) -> tuple[AdviceSubsidy | None, Decimal]:
    """The scheme in force when the advice started and the most it can refund. Advice on how to
    meet an order from the authorities is never supported; the 2021–23 pool was for private
    firms of at most 50 employees. (Whether a firm's industry was on the 2013 list of
    industries at risk of wear-out is not checked: the scheme says who may apply.)"""
    scheme = ADVICE_SUBSIDY.get(start)
    if scheme is None or ordered_by_authority:
        return scheme, Decimal(0)
    if scheme.who == "small_private" and (not private_employer or employees > SMALL_FIRM_EMPLOYEES):
        return None, Decimal(0)
    amount = (cost * scheme.percent / 100).quantize(Decimal("0.01"))
    return scheme, min(amount, scheme.max_dkk)
