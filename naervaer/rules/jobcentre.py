"""The municipality's follow-up of sick-listed citizens (sygeopfølgning) as dated rules.

Each rule is a ``Series`` (``naervaer.rules.series``): values in force from a date, each with the
act, paragraph and address it comes from and whether we checked it against that text. Two rule
books hold the series:

``LAW`` (the default)
    Sygedagpengeloven as it has read on each date, and the state refund of
    ``lov om kommunernes finansiering af visse offentlige ydelser`` (the refund reform of 2016).
    A case is judged by date: each rule is taken on the date it looks at — the follow-up cadence
    on the day of the last follow-up (the first follow-up's own deadline before any is held),
    the refund on the benefit week — so one case can pass from the 2019 cadence to the 2020 one.
``SEED_2008``
    Seed 001 (kap. 3, fakta 1, proposals 19–21): categories 1–3, first follow-up before the end
    of week 8, then every 8 weeks (categories 1 and 3) or 4 weeks (category 2); the plan by the
    second follow-up; refund 65 % when the citizen is active more than 10 hours a week, else
    35 %. Kept as a named alternative for comparison with the seed's model.

Nothing here is a sentence for users: the engine returns codes with parameters
(``Deadline.code``, ``Deadline.params``) and the interface words them (``naervaer.jobcentre.texts``),
so changing a value cannot break a translation.

Weeks are counted from the first absence day: week 1 is that day and the six after it, so "before
the end of week 8" is the first day + 55 days. Refund weeks are calendar weeks (Monday–Sunday)
with benefit, as the refund law counts them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

from naervaer.rules.series import Series, Source, Step

T_ = TypeVar("T_")

# --- Sources -------------------------------------------------------------------------------

SDPL = "Lov om sygedagpenge (LBK nr. 994 af 22. august 2024; § 13 b read in LBK nr. 1179 af 2023)"
ELOV_13B = "https://www.elov.dk/sygedagpengeloven/paragraf/13b/"
REFUND_LAW = (
    "Lov om kommunernes finansiering af visse offentlige ydelser udbetalt af kommunerne, "
    "Udbetaling Danmark og arbejdsløshedskasserne (lov nr. 994 af 30. august 2015, "
    "LBK nr. 221 af 12. februar 2021)"
)
REFUND_URL = (
    "https://elov.dk/lov-om-kommunernes-finansiering-af-visse-offentlige-ydelser-udbetalt-af-"
    "kommunerne-udbetaling-danmark-og-arbejdsloshedskasserne/5/"
)
SEED_001 = "Seed 001: Sygefravær – en udfordring (Regeringen, 2008)"
SEED_003 = "Seed 003: IBBIS II – integreret beskæftigelses- og behandlingsindsats (2019)"
REFORM_2014 = "Lov nr. 720 af 25. juni 2014 (sygedagpengereformen)"
REFORM_2014_URL = "http://slidegur.com/doc/107456/temam%C3%B8de-sygedagpenge"
STAR_FOLLOW_UP = "https://star.dk/da/indsatser-og-ordninger/indsatser-ved-sygdom-nedslidning-mv/sygedagpengeopfoelgning/"
L74_2024 = (
    "Lov om ændring af lov om sygedagpenge m.v. (L 74, 2024-25: forenkling af "
    "visitationskategorier, færre krav til sygemeldte fra beskæftigelse), i kraft 1. januar 2025"
)
L74_URL = "https://polspy.org/dk/dokumenter/1128652"
AGREEMENT_2024_URL = (
    "https://bm.dk/arbejdsomraader/aktuelle-fokusomraader/aftale-forenkler-sygedagpengesystemet"
)
REFORM_2026 = (
    "Lov nr. 1750 af 29. december 2025 (reform af beskæftigelsesindsatsen, første fase; "
    "L 66, 2025-26), i kraft 1. februar og 1. juli 2026"
)
REFORM_2026_URL = (
    "https://star.dk/implementering/beskaeftigelsesreform/svar-paa-spoergsmaal-fra-webinar-den-"
    "21-januar-2026"
)
NEW_ACT_2027 = "Ny lov om sygedagpenge (anden fase af reformen; lovforslag, ventet 1. januar 2027)"
NEW_ACT_2027_URL = (
    "https://backoffice.kl.dk/hoeringssvar/beskaeftigelse-og-integration/2025/"
    "hoeringssvar-aendring-af-sygedagpenge-og-aktivloven-beskaeftigelsesreformen"
)

D = dt.date
SEED_START = D(2008, 6, 2)


class Category(IntEnum):
    QUICK = 1  # expected back within 8 weeks of the first absence day
    AT_RISK = 2  # longer than 8 weeks (2015–: with a clear and predictable course)
    LONG = 3  # 2008: known to be long; 2015–2024: unclear, or problems besides the illness


class Authority(StrEnum):
    """Who follows up: the job centre until the 2026 reform, the municipality after it."""

    JOBCENTRE = "jobcentre"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often the follow-up must happen after the first one.

    Either a fixed interval per category (``None``: the municipality decides, no legal
    deadline), or at least ``minimum`` follow-ups within the first ``within_months`` months from
    the first absence day, planned by the caseworker; after that, as agreed with the citizen.
    """

    interval_weeks: Mapping[Category, int | None] = field(default_factory=dict)
    minimum: int = 0
    within_months: int = 0


@dataclass(frozen=True, slots=True)
class PlanRule:
    """The follow-up plan is due by the ``by_follow_up``-th follow-up; from 2025 not for citizens
    in a job (``employed_exempt``)."""

    by_follow_up: int
    employed_exempt: bool = False


@dataclass(frozen=True, slots=True)
class RefundStep:
    """From the ``from_week``-th week with benefit on, the state refunds ``percent``."""

    from_week: int
    percent: int


@dataclass(frozen=True, slots=True)
class RefundCount:
    """How weeks with benefit are counted (refund law § 6 and § 30): the count starts over when,
    after its first week, the person has had ``self_support_weeks`` whole calendar weeks without
    benefit within the last ``within_weeks`` weeks; weeks before ``counts_from`` are not counted."""

    self_support_weeks: int
    within_weeks: int
    counts_from: dt.date


@dataclass(frozen=True, slots=True)
class ActivityRefund:
    """The seed's refund by activity: ``active`` % when active more than ``hours`` a week."""

    hours: int
    active: int
    passive: int


SEED = Source(SEED_001, "kap. 3, fakta 1")

# --- The law, rule by rule -----------------------------------------------------------------

CATEGORIES: Series[frozenset[Category]] = Series(
    key="jobcentre_categories",
    meaning="The categories a case can be put in (visitation).",
    unit="categories",
    looks_at="the day of the follow-up",
    steps=(
        Step(
            SEED_START,
            frozenset(Category),
            Source(SDPL, "§ 12 (as in 2008)"),
            verified=False,
            note="The seed describes the 2008 law's three categories; the law's own text of "
            "2008 was not read.",
        ),
        Step(
            D(2015, 1, 5),
            frozenset(Category),
            Source(REFORM_2014, "§ 12, stk. 1", REFORM_2014_URL),
            verified=False,
            note="New meanings: 1 back within 8 weeks, 2 over 8 weeks with a predictable "
            "course, 3 unclear or problems besides the illness. The visitation parts came in "
            "force 1 or 5 January 2015 (STAR's reform slides); the date is not read in the act.",
        ),
        Step(
            D(2025, 1, 1),
            frozenset({Category.QUICK, Category.AT_RISK}),
            Source(L74_2024, "§ 1, nr. 2 (§ 12, stk. 1, nr. 3, ophæves)", L74_URL),
            verified=False,
            note="Category 3 abolished; read in the bill as introduced and in the ministry's "
            "agreement (in force 1 January 2025); the enacted law's number was not read.",
        ),
        Step(
            D(2027, 1, 1),
            frozenset(),
            Source(NEW_ACT_2027, "", NEW_ACT_2027_URL),
            verified=False,
            enacted=False,
            note="Visitation to categories is to be abolished by the new sickness-benefit act: "
            "a bill, never applied.",
        ),
    ),
)

FIRST_FOLLOW_UP_DAYS: Series[int] = Series(
    key="jobcentre_first_follow_up_days",
    meaning="The first follow-up is held before the end of week 8 from the first absence day.",
    unit="days after the first absence day",
    looks_at="the first absence day",
    steps=(
        Step(
            SEED_START,
            55,
            Source(SDPL, "§ 13 b, stk. 1, 2. pkt.", ELOV_13B),
            verified=True,
            note="»senest inden udgangen af ottende uge regnet fra første fraværsdag«: the "
            "first day + 7 × 8 − 1 days. The same in the seed (2008).",
        ),
    ),
)

CADENCE: Series[Cadence] = Series(
    key="jobcentre_cadence",
    meaning="How often the case is followed up after the first follow-up.",
    unit="weeks, or follow-ups within months",
    looks_at="the day of the last follow-up (before any, the first follow-up's deadline)",
    steps=(
        Step(
            SEED_START,
            Cadence({Category.QUICK: 8, Category.AT_RISK: 4, Category.LONG: 8}),
            SEED,
            verified=False,
            note="The seed's description of the 2008 law; the law's text of the time not read.",
        ),
        Step(
            D(2015, 1, 5),
            Cadence({Category.QUICK: None, Category.AT_RISK: 4, Category.LONG: 4}),
            Source(REFORM_2014, "§ 13 b", STAR_FOLLOW_UP),
            verified=False,
            note="STAR: »Herefter opfølgning mindst hver 4 uge« in categories 2 and 3; in "
            "category 1 the job centre decides. In-force date from STAR's reform slides.",
        ),
        Step(
            D(2020, 1, 1),
            Cadence(minimum=4, within_months=6),
            Source(SDPL, "§ 13 b, stk. 1, 1. og 3. pkt.", ELOV_13B),
            verified=False,
            note="»mindst fire gange inden for det første halve år regnet fra første "
            "fraværsdag … Efter de første 6 måneder aftales opfølgningen« (text read in LBK "
            "1179/2023). In force from 1 January 2020 with the simplified employment effort "
            "(STAR, December 2017 proposal): the amending act's date is not read.",
        ),
    ),
)

LIGHT_FOLLOW_UP_WEEKS: Series[int | None] = Series(
    key="jobcentre_light_follow_up_weeks",
    meaning="§ 13 f: an employee with a predictable course expected back within this many weeks "
    "of the first follow-up gets only that follow-up, then a check on the return.",
    unit="weeks after the first follow-up",
    looks_at="the day of the first follow-up",
    steps=(
        Step(SEED_START, None, SEED, verified=True, note="No light follow-up before 2025."),
        Step(
            D(2025, 1, 1),
            13,
            Source(L74_2024, "§ 1, nr. 12 (ny § 13 f)", L74_URL),
            verified=False,
            note="»forventet raskmelding senest inden udgangen af 13. uge regnet fra første "
            "opfølgningssamtale« (bill as introduced; in force 1 January 2025 per the agreement).",
        ),
    ),
)

PLAN: Series[PlanRule] = Series(
    key="jobcentre_plan",
    meaning="The follow-up plan is due by a follow-up; from 2025 not for citizens in a job.",
    unit="follow-up number",
    looks_at="the day of the follow-up the plan is due at",
    steps=(
        Step(SEED_START, PlanRule(2), SEED, verified=False),
        Step(
            D(2015, 1, 5),
            PlanRule(1),
            Source(
                "Vejledning nr. 9208 af 21. marts 2023 om visitation og opfølgning (STAR)",
                "pkt. 7.1.2",
                STAR_FOLLOW_UP,
            ),
            verified=False,
            note="The first follow-up ends in the agreement on the effort (Min Plan); read in "
            "STAR's guidance, not in the act.",
        ),
        Step(
            D(2025, 1, 1),
            PlanRule(1, employed_exempt=True),
            Source(L74_2024, "", AGREEMENT_2024_URL),
            verified=False,
            note="»Ingen krav om Min Plan« for sick-listed people with a job (the 2024 agreement, "
            "carried out by L 74); the enacted paragraph is not read.",
        ),
    ),
)

EXEMPT_EXPECTED_BACK_WEEKS: Series[int | None] = Series(
    key="jobcentre_exempt_expected_back_weeks",
    meaning="Sick-listed employees expected back within this many weeks are, as a starting "
    "point, exempt from the municipality's follow-up and conversations.",
    unit="weeks from the first absence day",
    looks_at="the day of the follow-up that would be due",
    steps=(
        Step(SEED_START, None, SEED, verified=True, note="No such exemption before 2026."),
        Step(
            D(2026, 7, 1),
            26,
            Source(REFORM_2026, "", REFORM_2026_URL),
            verified=False,
            note="The act is confirmed (STAR, January 2026: in force 1 February and 1 July "
            "2026); which of the two dates this part has is not read — 1 July 2026 assumed.",
        ),
    ),
)

AUTHORITY: Series[Authority] = Series(
    key="jobcentre_authority",
    meaning="Who follows up: the job centre, or — since the separate job centre was abolished — "
    "the municipality.",
    unit="",
    looks_at="the day the text is about",
    steps=(
        Step(SEED_START, Authority.JOBCENTRE, SEED, verified=True),
        Step(
            D(2026, 7, 1),
            Authority.MUNICIPALITY,
            Source(REFORM_2026, "", REFORM_2026_URL),
            verified=False,
            note="»Kravet om etablering af jobcentre afskaffes … henvisninger til jobcenteret "
            "erstattes med kommunen«; date assumed 1 July 2026 (not read in the act).",
        ),
    ),
)

INFO_FORM_DAYS: Series[int] = Series(
    key="jobcentre_info_form_days",
    meaning="The citizen returns the information form within this many days of its sending.",
    unit="days",
    looks_at="the day the form was sent",
    steps=(
        Step(
            SEED_START,
            8,
            Source(SDPL, "§ 11, stk. 3"),
            verified=False,
            note="Lov nr. 1555 af 27. december 2019 repealed § 11, stk. 3, 2. pkt.; whether the "
            "8 days went with it is not read.",
        ),
    ),
)

ROUND_TABLE_DAYS: Series[int] = Series(
    key="jobcentre_round_table_days",
    meaning="A round-table or tripartite meeting within this many days of screening: the IBBIS "
    "trial's practice, not law — recommended, never overdue.",
    unit="days after screening",
    looks_at="the day of screening",
    steps=(Step(SEED_START, 14, Source(SEED_003), verified=False, note="Not law."),),
)

REFUND: Series[tuple[RefundStep, ...]] = Series(
    key="jobcentre_refund_steps",
    meaning="The state refunds the municipality's sickness benefit by the number of weeks with "
    "benefit.",
    unit="percent from the n-th week with benefit",
    looks_at="the benefit week",
    steps=(
        Step(
            D(2015, 12, 28),
            (RefundStep(1, 80), RefundStep(5, 40), RefundStep(27, 30), RefundStep(53, 20)),
            Source(REFUND_LAW, "§ 5, stk. 2; § 29, stk. 1 og 3", REFUND_URL),
            verified=True,
            note="In force 4 January 2016, with effect for sickness benefit from 28 December "
            "2015 (§ 29, stk. 3). The 2011–2015 refund (30 %/50 % in weeks 9–52) is not "
            "modelled.",
        ),
    ),
)

REFUND_COUNT: Series[RefundCount] = Series(
    key="jobcentre_refund_count",
    meaning="When the count of weeks with benefit starts over.",
    unit="weeks",
    looks_at="the benefit week",
    steps=(
        Step(
            D(2015, 12, 28),
            RefundCount(self_support_weeks=52, within_weeks=156, counts_from=D(2014, 7, 1)),
            Source(REFUND_LAW, "§ 6, stk. 1; § 30, stk. 1", REFUND_URL),
            verified=True,
            note="»starter forfra, når personen efter den første uge med ydelser på ny har haft "
            "sammenlagt 52 hele kalenderuger med selvforsørgelse inden for de seneste 3 år«. "
            "Weeks of every public benefit count; Nærvær knows only the periods entered.",
        ),
    ),
)

SEED_REFUND: Series[ActivityRefund] = Series(
    key="jobcentre_seed_refund",
    meaning="The seed's refund by activity.",
    unit="percent",
    looks_at="the benefit week",
    steps=(Step(SEED_START, ActivityRefund(10, 65, 35), Source(SEED_001, "proposal 21"), False),),
)


def _fixed(series: Series[T_], value: T_, meaning: str = "") -> Series[T_]:
    """The seed book's version of a law series: one value from 2008 on."""
    return Series(
        key=series.key,
        meaning=meaning or series.meaning,
        unit=series.unit,
        looks_at=series.looks_at,
        steps=(Step(SEED_START, value, SEED, verified=False, note="Seed 2008 rule set."),),
    )


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The series a case is judged by."""

    id: str
    categories: Series[frozenset[Category]]
    first_follow_up_days: Series[int]
    cadence: Series[Cadence]
    light_follow_up_weeks: Series[int | None]
    plan: Series[PlanRule]
    exempt_expected_back_weeks: Series[int | None]
    authority: Series[Authority]
    info_form_days: Series[int]
    round_table_days: Series[int]
    refund: Series[tuple[RefundStep, ...]] | None
    refund_count: Series[RefundCount] | None
    seed_refund: Series[ActivityRefund] | None = None

    def series(self) -> list[Series[Any]]:
        found: list[Series[Any] | None] = [
            self.categories,
            self.first_follow_up_days,
            self.cadence,
            self.light_follow_up_weeks,
            self.plan,
            self.exempt_expected_back_weeks,
            self.authority,
            self.info_form_days,
            self.round_table_days,
            self.refund,
            self.refund_count,
            self.seed_refund,
        ]
        return [s for s in found if s is not None]


LAW = RuleBook(
    id="law",
    categories=CATEGORIES,
    first_follow_up_days=FIRST_FOLLOW_UP_DAYS,
    cadence=CADENCE,
    light_follow_up_weeks=LIGHT_FOLLOW_UP_WEEKS,
    plan=PLAN,
    exempt_expected_back_weeks=EXEMPT_EXPECTED_BACK_WEEKS,
    authority=AUTHORITY,
    info_form_days=INFO_FORM_DAYS,
    round_table_days=ROUND_TABLE_DAYS,
    refund=REFUND,
    refund_count=REFUND_COUNT,
)

SEED_2008 = RuleBook(
    id="seed-2008",
    categories=_fixed(CATEGORIES, frozenset(Category)),
    first_follow_up_days=_fixed(FIRST_FOLLOW_UP_DAYS, 55),
    cadence=_fixed(CADENCE, CADENCE.steps[0].value),
    light_follow_up_weeks=_fixed(LIGHT_FOLLOW_UP_WEEKS, None),
    plan=_fixed(PLAN, PlanRule(2)),
    exempt_expected_back_weeks=_fixed(EXEMPT_EXPECTED_BACK_WEEKS, None),
    authority=_fixed(AUTHORITY, Authority.JOBCENTRE),
    info_form_days=_fixed(INFO_FORM_DAYS, 8),
    round_table_days=ROUND_TABLE_DAYS,
    refund=None,
    refund_count=None,
    seed_refund=SEED_REFUND,
)

RULE_BOOKS = {b.id: b for b in (LAW, SEED_2008)}


def book(rule_set: str) -> RuleBook:
    """The rule book by its id; the empty id and the old ``current`` mean the law by date."""
    return RULE_BOOKS.get(rule_set, LAW)


def _pick(series: Series[T_], day: dt.date) -> T_:
    """The value on ``day``; before the first step, the first step's value (the earliest
    rules we know stand in for older ones)."""
    if day < series.steps[0].in_force_from:
        return series.steps[0].value
    return series.at(day)


# --- The engine ----------------------------------------------------------------------------


class Kind(StrEnum):
    """What a date is. Only a ``DEADLINE`` can be overdue."""

    DEADLINE = "deadline"  # a legal deadline
    PLANNED = "planned"  # the caseworker's own plan, or agreed with the citizen
    MILESTONE = "milestone"  # a date to look at (expected return), not a duty
    RECOMMENDED = "recommended"  # good practice, not law
    NONE = "none"  # nothing is due


class Code(StrEnum):
    FIRST_FOLLOW_UP = "first_follow_up"
    FOLLOW_UP_INTERVAL = "follow_up_interval"
    FOLLOW_UP_MUNICIPALITY_DECIDES = "follow_up_municipality_decides"
    FOLLOW_UP_MINIMUM = "follow_up_minimum"
    FOLLOW_UP_AGREED = "follow_up_agreed"
    LIGHT_FOLLOW_UP = "light_follow_up"
    EXEMPT_EXPECTED_BACK = "exempt_expected_back"
    PLAN_BY_FOLLOW_UP = "plan_by_follow_up"
    PLAN_NOT_REQUIRED = "plan_not_required"
    ROUND_TABLE = "round_table"
    INFO_FORM = "info_form"


@dataclass(frozen=True, slots=True)
class Deadline:
    code: Code
    kind: Kind
    due: dt.date | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    verified: bool = True

    def overdue(self, today: dt.date) -> bool:
        """Only a legal deadline can be overdue; a plan, a milestone or a recommendation not."""
        return self.kind is Kind.DEADLINE and self.due is not None and self.due < today


@dataclass(frozen=True, slots=True)
class Held:
    """A follow-up that was held, with the category given there and the next one planned."""

    on: dt.date
    category: Category
    next_planned: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Situation:
    """What the rules need to know about the citizen besides the follow-ups held."""

    employed: bool = True
    expected_back_within_26_weeks: bool | None = None  # the 2026 exemption
    light_follow_up: bool = False  # § 13 f: predictable course, back within 13 weeks


def sickness_week(first_day: dt.date, day: dt.date) -> int:
    """Sickness week 1 is the first day and the six days after it."""
    return (day - first_day).days // 7 + 1


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_follow_up_due(first_day: dt.date, rules: RuleBook) -> dt.date:
    return first_day + dt.timedelta(days=_pick(rules.first_follow_up_days, first_day))


def authority(rules: RuleBook, day: dt.date) -> Authority:
    return _pick(rules.authority, day)


def categories(rules: RuleBook, day: dt.date) -> frozenset[Category]:
    return _pick(rules.categories, day)


def _exempt(rules: RuleBook, situation: Situation, day: dt.date) -> int | None:
    weeks = _pick(rules.exempt_expected_back_weeks, day)
    if weeks is not None and situation.employed and situation.expected_back_within_26_weeks:
        return weeks
    return None


def _step_verified(series: Series[T_], day: dt.date) -> bool:
    try:
        return series.step_at(day).verified
    except LookupError:
        return series.steps[0].verified


def next_follow_up(
    first_day: dt.date, held: Iterable[Held], rules: RuleBook, situation: Situation = Situation()
) -> Deadline:
    """The next follow-up: what is due, by when, and whether it is a legal deadline.

    Each rule is taken on the day it looks at: before any follow-up, the first follow-up's
    deadline; after, the day of the last follow-up held.
    """
    ordered = sorted(held, key=lambda h: h.on)
    if not ordered:
        due = first_follow_up_due(first_day, rules)
        weeks = _exempt(rules, situation, due)
        if weeks is not None:
            return Deadline(
                Code.EXEMPT_EXPECTED_BACK,
                Kind.NONE,
                params={"weeks": weeks},
                verified=_step_verified(rules.exempt_expected_back_weeks, due),
            )
        return Deadline(
            Code.FIRST_FOLLOW_UP,
            Kind.DEADLINE,
            due,
            {"week": 8},
            _step_verified(rules.first_follow_up_days, first_day),
        )
    last = ordered[-1]
    weeks = _exempt(rules, situation, last.on)
    if weeks is not None:
        return Deadline(
            Code.EXEMPT_EXPECTED_BACK,
            Kind.NONE,
            params={"weeks": weeks},
            verified=_step_verified(rules.exempt_expected_back_weeks, last.on),
        )
    light = _pick(rules.light_follow_up_weeks, ordered[0].on)
    if light is not None and situation.employed and situation.light_follow_up:
        return Deadline(
            Code.LIGHT_FOLLOW_UP,
            Kind.MILESTONE,
            ordered[0].on + dt.timedelta(weeks=light),
            {"weeks": light},
            _step_verified(rules.light_follow_up_weeks, ordered[0].on),
        )
    cadence = _pick(rules.cadence, last.on)
    verified = _step_verified(rules.cadence, last.on)
    if cadence.minimum:
        period_end = add_months(first_day, cadence.within_months) - dt.timedelta(days=1)
        in_period = sum(1 for h in ordered if h.on <= period_end)
        if in_period < cadence.minimum and last.on <= period_end:
            return Deadline(
                Code.FOLLOW_UP_MINIMUM,
                Kind.DEADLINE,
                period_end,
                {
                    "minimum": cadence.minimum,
                    "months": cadence.within_months,
                    "held": in_period,
                    "planned": last.next_planned,
                },
                verified,
            )
        return Deadline(
            Code.FOLLOW_UP_AGREED,
            Kind.PLANNED,
            last.next_planned,
            {"months": cadence.within_months},
            verified,
        )
    interval = cadence.interval_weeks.get(last.category)
    if interval is None:
        return Deadline(
            Code.FOLLOW_UP_MUNICIPALITY_DECIDES,
            Kind.PLANNED,
            last.next_planned,
            {"category": int(last.category)},
            verified,
        )
    return Deadline(
        Code.FOLLOW_UP_INTERVAL,
        Kind.DEADLINE,
        last.on + dt.timedelta(weeks=interval),
        {"weeks": interval, "category": int(last.category)},
        verified,
    )


def plan_due(
    first_day: dt.date, held: Iterable[Held], rules: RuleBook, situation: Situation = Situation()
) -> Deadline:
    """The follow-up plan is due by the ``by_follow_up``-th follow-up: the day it was held, or
    the day the follow-ups before it make it due at the latest. The plan rule is taken on that
    day; from 2025 a citizen in a job needs none."""
    ordered = sorted(held, key=lambda h: h.on)
    n = _pick(rules.plan, ordered[0].on if ordered else first_follow_up_due(first_day, rules))
    projected = list(ordered)
    day: dt.date | None = ordered[n.by_follow_up - 1].on if len(ordered) >= n.by_follow_up else None
    while day is None:
        # Not yet held: the latest day the follow-up it is due at may be held. Without a
        # category yet, the shortest interval (category 2), so the plan is never shown late.
        following = next_follow_up(first_day, projected, rules, Situation(situation.employed))
        if following.kind is not Kind.DEADLINE or following.due is None:
            return Deadline(
                Code.PLAN_BY_FOLLOW_UP, Kind.PLANNED, None, {"follow_up": n.by_follow_up}
            )
        category = projected[-1].category if projected else Category.AT_RISK
        projected.append(Held(following.due, category))
        if len(projected) >= n.by_follow_up:
            day = following.due
    rule = _pick(rules.plan, day)
    verified = _step_verified(rules.plan, day)
    if rule.employed_exempt and situation.employed:
        return Deadline(Code.PLAN_NOT_REQUIRED, Kind.NONE, verified=verified)
    return Deadline(
        Code.PLAN_BY_FOLLOW_UP, Kind.DEADLINE, day, {"follow_up": rule.by_follow_up}, verified
    )


def round_table_due(screened_on: dt.date, rules: RuleBook) -> Deadline:
    """The IBBIS trial's meeting within 14 days of screening: good practice, never overdue."""
    days = _pick(rules.round_table_days, screened_on)
    return Deadline(
        Code.ROUND_TABLE,
        Kind.RECOMMENDED,
        screened_on + dt.timedelta(days=days),
        {"days": days},
        verified=False,
    )


def info_form_due(sent_on: dt.date, rules: RuleBook) -> Deadline:
    days = _pick(rules.info_form_days, sent_on)
    return Deadline(
        Code.INFO_FORM,
        Kind.DEADLINE,
        sent_on + dt.timedelta(days=days),
        {"days": days},
        _step_verified(rules.info_form_days, sent_on),
    )


# --- The state refund ----------------------------------------------------------------------


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s calendar week: refund weeks are calendar weeks."""
    return day - dt.timedelta(days=day.weekday())


def benefit_weeks(periods: Iterable[tuple[dt.date, dt.date]]) -> list[dt.date]:
    """The calendar weeks (by their Monday) with benefit on at least one day, in order."""
    weeks: set[dt.date] = set()
    for start, end in periods:
        monday = week_of(start)
        while monday <= end:
            weeks.add(monday)
            monday += dt.timedelta(weeks=1)
    return sorted(weeks)


def _weeks_without(benefit: set[dt.date], after: dt.date, before: dt.date) -> int:
    """Whole calendar weeks without benefit strictly between two weeks (by their Mondays)."""
    count, monday = 0, after + dt.timedelta(weeks=1)
    while monday < before:
        count += monday not in benefit
        monday += dt.timedelta(weeks=1)
    return count


@dataclass(frozen=True, slots=True)
class Refund:
    """The refund of one calendar week: the how-many-th week with benefit it is, and percent.
    ``percent`` is None when the week has no benefit or the refund law was not yet in force."""

    week: int | None
    percent: int | None
    verified: bool = True


def refund(
    day: dt.date,
    periods: Iterable[tuple[dt.date, dt.date]],
    rules: RuleBook,
    active_hours_per_week: float = 0.0,
) -> Refund:
    """The state's refund of the municipality's sickness benefit in ``day``'s calendar week.

    The law (since 28 December 2015): counted in weeks *with benefit* (any day of a calendar
    week), not weeks of sickness; the count starts over after 52 whole weeks without benefit
    within 3 years (§ 6). ``periods`` are the periods of public benefit known for the citizen
    (for an employee, from the end of the employer period). The seed: by activity that week.
    """
    periods = list(periods)
    weeks = benefit_weeks(periods)
    this_week = week_of(day)
    if this_week not in weeks:
        return Refund(None, None)
    if rules.seed_refund is not None:
        seed = _pick(rules.seed_refund, day)
        number = weeks.index(this_week) + 1
        active = active_hours_per_week > seed.hours
        return Refund(number, seed.active if active else seed.passive, verified=False)
    assert rules.refund is not None and rules.refund_count is not None
    steps = rules.refund.get(day)
    count = rules.refund_count.get(day)
    if steps is None or count is None:
        return Refund(None, None)
    benefit = set(weeks)
    number = 0
    first: dt.date | None = None  # the first week with benefit of the current count
    for monday in (w for w in weeks if week_of(count.counts_from) <= w <= this_week):
        if first is not None:
            since = max(first, monday - dt.timedelta(weeks=count.within_weeks + 1))
            if _weeks_without(benefit, since, monday) >= count.self_support_weeks:
                number, first = 0, None  # § 6: the count starts over
        first = first or monday
        number += 1
    percent = steps[0].percent
    for step in steps:
        if number >= step.from_week:
            percent = step.percent
    return Refund(number, percent, verified=_step_verified(rules.refund, day))
