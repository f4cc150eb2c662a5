"""A realistic, deterministic demo employer: a municipality-like organisation.

The same seed and ``today`` give the same data. The absence follows what the seeds and Danmarks
Statistik describe for municipalities: a rate of about 5-6 %, winter flu peaks, more spells
starting on Mondays, mostly short spells with a tail of long ones (some with a partial return),
part-timers in care and schools, and a few employees with a §56 agreement.

Scaled by ``employees``: 1,500 for the demo, 50,000 for the benchmarks (units grow with it).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from naervaer.absence.models import (
    AbsenceDegree,
    AbsenceSpell,
    Kind,
    ReportedVia,
    TimeOff,
    TimeOffKind,
)
from naervaer.amo.models import ActionPlan, ApvProblem, ProblemReport, Process
from naervaer.demo.firm import FIRM_LOGIN, build_firm
from naervaer.demo.working_life import build_working_life
from naervaer.dialogue import services as dialogue
from naervaer.dialogue.models import FollowUp
from naervaer.followup.models import Case, Conversation, Obligation, RetentionPlan
from naervaer.followup.selectors import MILESTONES
from naervaer.followup.services import refresh_people
from naervaer.importexport.importers import ensure_unit
from naervaer.jobcentre.models import Activity as JobcentreActivity
from naervaer.jobcentre.models import Case as JobcentreCase
from naervaer.jobcentre.models import Conversation as JobcentreConversation
from naervaer.people.models import (
    Employment,
    Organisation,
    Person,
    Role,
    Unit,
    UnitLeadership,
    User,
)
from naervaer.people.services import delete_organisation
from naervaer.rules import jobcentre as jobcentre_rules
from naervaer.rules.obligations import Code

ONE_DAY = dt.timedelta(days=1)

# (area, leaf units, typical weekly hours, relative size, absence propensity)
AREAS: list[tuple[str, list[str], list[int], float, float]] = [
    (
        "Ældreplejen",
        [
            "Hjemmeplejen Nord",
            "Hjemmeplejen Syd",
            "Hjemmeplejen Øst",
            "Hjemmeplejen Vest",
            "Plejecenter Solbakken",
            "Plejecenter Egely",
            "Plejecenter Lindehuset",
            "Plejecenter Åbo",
            "Sygeplejen",
            "Træning og Rehabilitering",
            "Madservice",
        ],
        [25, 28, 30, 32, 32, 37],
        1.6,
        1.35,
    ),
    (
        "Skoler",
        [
            "Nordskolen",
            "Nordskolen/SFO",
            "Sydskolen",
            "Sydskolen/SFO",
            "Østervangskolen",
            "Østervangskolen/SFO",
            "Vestre Skole",
            "Vestre Skole/SFO",
            "Byskolen",
            "Byskolen/SFO",
            "Engskolen",
            "Engskolen/SFO",
            "Søndergårdskolen",
            "Højvangskolen",
            "Ungdomsskolen",
            "Pædagogisk Psykologisk Rådgivning",
        ],
        [30, 35, 37, 37],
        1.3,
        1.0,
    ),
    (
        "Dagtilbud",
        [
            "Børnehuset Mælkebøtten",
            "Børnehuset Solsikken",
            "Vuggestuen Myretuen",
            "Børnehuset Skovly",
            "Integreret Institution Regnbuen",
            "Dagplejen Nord",
            "Dagplejen Syd",
            "Børnehuset Æblehaven",
        ],
        [30, 32, 34, 37],
        1.0,
        1.25,
    ),
    (
        "Administration",
        [
            "Borgerservice",
            "Løn og Personale",
            "Økonomi",
            "IT og Digitalisering",
            "Byråds- og Direktionssekretariat",
            "Indkøb",
            "Ydelseskontoret",
            "Jura og Persondata",
        ],
        [37, 37, 37, 32],
        0.6,
        0.75,
    ),
    (
        "Teknik og Miljø",
        [
            "Vej og Park",
            "Ejendomsdrift",
            "Rengøring",
            "Affald og Genbrug",
            "Byggesag",
            "Natur og Miljø",
        ],
        [37, 37, 30, 37],
        0.7,
        1.1,
    ),
    (
        "Kultur og Fritid",
        ["Bibliotekerne", "Musikskolen", "Idrætsanlæg"],
        [30, 37],
        0.3,
        0.9,
    ),
]

FIRST_NAMES = [
    "Anne",
    "Mette",
    "Hanne",
    "Kirsten",
    "Susanne",
    "Lene",
    "Charlotte",
    "Marianne",
    "Camilla",
    "Louise",
    "Maria",
    "Pia",
    "Tina",
    "Helle",
    "Karina",
    "Line",
    "Maja",
    "Sofie",
    "Ida",
    "Emma",
    "Fatima",
    "Amina",
    "Jens",
    "Peter",
    "Lars",
    "Michael",
    "Henrik",
    "Søren",
    "Thomas",
    "Jesper",
    "Martin",
    "Anders",
    "Niels",
    "Rasmus",
    "Mads",
    "Jonas",
    "Ole",
    "Bo",
    "Kim",
    "Ali",
    "Mohammed",
    "Ahmad",
    "Jørgen",
    "Bjørn",
    "Åse",
    "Gitte",
    "Birgitte",
    "Dorte",
    "Inge",
    "Lise",
    "Rikke",
    "Stine",
    "Trine",
    "Mathias",
    "Frederik",
    "Emil",
]
LAST_NAMES = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Olesen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Holm",
    "Kjær",
    "Østergaard",
    "Bøgh",
    "Dahl",
    "Ahmed",
    "Yilmaz",
    "Nørgaard",
    "Skov",
    "Ærø",
    "Vestergaard",
    "Friis",
    "Bech",
]

# Relative chance that a spell starts in each month (flu peaks in winter, holidays in July)
# and on each weekday (more on Mondays; weekend starts are reported on Monday).
MONTH_WEIGHT = [1.5, 1.6, 1.3, 1.0, 0.9, 0.8, 0.5, 0.8, 1.0, 1.1, 1.2, 1.35]
WEEKDAY_WEIGHT = [1.7, 1.0, 0.95, 0.95, 0.85, 0.15, 0.15]
# Duration bands in calendar days: (share, low, high)
DURATIONS = [(0.62, 1, 3), (0.24, 4, 14), (0.10, 15, 56), (0.04, 57, 300)]
STRAINED_UNIT = "Vuggestuen Myretuen"
SPELLS_PER_YEAR = 1.45  # average over people (Danmarks Statistik: ~1.5 periods per employee)

DEMO_PASSWORD = "naervaer-demo"  # noqa: S105 - printed on the screen for demo users


@dataclass
class DemoSummary:
    organisation: Organisation
    units: int = 0
    people: int = 0
    spells: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def _unit_names(employees: int) -> list[tuple[str, str, list[int], float, float]]:
    """(area, leaf, hours, size weight, propensity) for every leaf unit, scaled with size."""
    copies = max(1, math.ceil(employees / 1500))
    leaves = []
    for area, names, hours, size, propensity in AREAS:
        for copy in range(1, copies + 1):
            for name in names:
                leaf = (
                    name
                    if copy == 1
                    else name.replace("/", f" {copy}/", 1)
                    if "/" in name
                    else f"{name} {copy}"
                )
                leaves.append((area, leaf, hours, size, propensity))
    return leaves


def _pick_duration(rng: random.Random) -> int:
    r = rng.random()
    for share, low, high in DURATIONS:
        if r < share:
            if high > 56:  # long tail: mostly 2-4 months, some much longer
                return min(high, low + int(rng.expovariate(1 / 45)))
            return rng.randint(low, high)
        r -= share
    return 1


def _start_day(rng: random.Random, first: dt.date, days: int) -> dt.date:
    """A day in [first, first+days) drawn with the month and weekday weights."""
    top = max(MONTH_WEIGHT) * max(WEEKDAY_WEIGHT)
    while True:
        day = first + dt.timedelta(days=rng.randrange(days))
        if rng.random() * top < MONTH_WEIGHT[day.month - 1] * WEEKDAY_WEIGHT[day.weekday()]:
            return day


# KRL's personalegrupper (as KRL's published figures name them) for the demo's areas.
JOB_GROUPS = {
    "Ældreplejen": "Social- og sundhedspersonale",
    "Ældreplejen/Sygeplejen": "Syge- og sundhedspersonale - basis",
    "Skoler": "Lærere m.fl. i folkeskole og spec.underv.",
    "SFO": "Pæd. pers., daginst./klub/skolefr.",
    "Dagtilbud": "Pæd. pers., daginst./klub/skolefr.",
    "Administration": "Administration og it mv.",
}


def _job_group(path: str) -> str:
    if path.endswith("/SFO"):
        return JOB_GROUPS["SFO"]
    return JOB_GROUPS.get(path) or JOB_GROUPS.get(path.split("/")[0], "")


def _holidays(
    rng: random.Random,
    people: list[Person],
    plans: list[tuple[int, Unit, Decimal, dt.date, dt.date | None, float, bool]],
    window_start: dt.date,
    today: dt.date,
) -> None:
    """Each year: three summer weeks, a week in October, feriefridage between Christmas and New Year (the
    holiday act's days and an agreement's feriefridage), and for some a child's sickness, as
    payroll would export them."""
    rows = []
    for i, _unit, _hours, start, end, _, _ in plans:
        for year in range(window_start.year, today.year + 1):
            july = dt.date(year, 7, 1)
            summer = july + dt.timedelta(days=(7 - july.weekday()) % 7 + 7 * rng.randint(0, 4))
            october = dt.date(year, 10, 12) + dt.timedelta(
                days=(7 - dt.date(year, 10, 12).weekday()) % 7
            )
            for kind, first, last in (
                (TimeOffKind.HOLIDAY, summer, summer + dt.timedelta(days=18)),
                (TimeOffKind.HOLIDAY, october, october + dt.timedelta(days=4)),
                (TimeOffKind.EXTRA_HOLIDAY, dt.date(year, 12, 27), dt.date(year, 12, 31)),
            ):
                if start <= first and (end is None or last <= end) and last < today:
                    rows.append(
                        TimeOff(person=people[i], kind=kind, first_day=first, last_day=last)
                    )
            if rng.random() < 0.25:  # a child's sickness, a day or two in February
                first = dt.date(year, 2, 2) + dt.timedelta(days=rng.randint(0, 20))
                last = first + dt.timedelta(days=rng.randint(0, 1))
                if start <= first and (end is None or last <= end) and last < today:
                    rows.append(
                        TimeOff(
                            person=people[i],
                            kind=TimeOffKind.CHILD_SICKNESS,
                            first_day=first,
                            last_day=last,
                        )
                    )
    TimeOff.objects.bulk_create(rows, batch_size=5000)


@transaction.atomic
def demo_slugs(slug: str) -> list[str]:
    """Every organisation the demo ``slug`` builds: the municipality, its job centre and the
    neighbouring one, and the construction firm."""
    return [slug, f"{slug}-jobcenter", f"{slug}-jobcenter-nabo", f"{slug}-byg"]


def delete_demo(slug: str) -> None:
    for old in Organisation.objects.filter(slug__in=demo_slugs(slug)):
        delete_organisation(old)


def build_demo(
    slug: str = "demo",
    *,
    employees: int = 1500,
    years: int = 3,
    seed: int = 2026,
    today: dt.date,
    with_logins: bool = True,
    with_follow_up: bool = True,
    spells_per_year: float = SPELLS_PER_YEAR,
) -> DemoSummary:
    """Create the demo organisation ``slug`` (replacing an existing one of that name).

    ``spells_per_year`` scales how often people fall sick (the benchmarks raise it to reach the
    spell counts of a large employer's five years); the default keeps the demo's data as it is.
    """
    rng = random.Random(seed)
    delete_demo(slug)
    User.objects.filter(username__in=DEMO_USERS).delete()
    org = Organisation.objects.create(
        slug=slug,
        name="Nærvær Kommune (demo)",
        cvr="55133018",
        industry_code="841100",
        sector="municipality",  # compared with municipalities, not the whole labour market
    )
    summary = DemoSummary(org)

    # Units: area -> leaf units.
    leaves = _unit_names(employees)
    cache: dict[str, Unit] = {}
    areas = {a: ensure_unit(org, a, cache) for a, *_ in AREAS}
    leaf_units = [
        (ensure_unit(org, f"{a}/{leaf}", cache), hours, size, prop)
        for a, leaf, hours, size, prop in leaves
    ]
    summary.units = len(areas) + len(leaf_units)

    window_start = dt.date(today.year - years, today.month, 1)
    weights = [size for _, _, size, _ in leaf_units]
    people: list[Person] = []
    plans: list[tuple[int, Unit, Decimal, dt.date, dt.date | None, float, bool]] = []
    for i in range(employees):
        unit, hours, _, propensity = rng.choices(leaf_units, weights=weights)[0]
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        people.append(Person(organisation=org, employee_id=str(100001 + i), name=name))
        # Employment: most were there before the window; some join or leave during it.
        r = rng.random()
        if r < 0.75:
            start = window_start - dt.timedelta(days=rng.randint(30, 25 * 365))
        else:
            start = window_start + dt.timedelta(days=rng.randint(0, (today - window_start).days))
        end = None
        if rng.random() < 0.10:
            end_from = max(start, window_start) + dt.timedelta(days=60)
            if end_from < today:
                end = end_from + dt.timedelta(days=rng.randint(0, (today - end_from).days))
        weekly = Decimal(rng.choice(hours))
        frailty = rng.gammavariate(1.3, 1 / 1.3) * propensity  # some people are sick more
        section56 = rng.random() < 0.008
        plans.append((i, unit, weekly, start, end, frailty, section56))
    Person.objects.bulk_create(people, batch_size=5000)
    people = list(Person.objects.filter(organisation=org).order_by("employee_id"))
    Employment.objects.bulk_create(
        [
            Employment(
                person=people[i],
                unit=unit,
                weekly_hours=weekly,
                start=start,
                end=end,
                job_group=_job_group(unit.path),
            )
            for i, unit, weekly, start, end, _, _ in plans
        ],
        batch_size=5000,
    )
    summary.people = len(people)

    # Leaders: the first person still employed in each unit leads it; a head leads each area.
    by_unit: dict[int, list[int]] = {}
    for i, unit, _, _, end, _, _ in plans:
        if end is None:
            by_unit.setdefault(unit.pk, []).append(i)
    leaderships = []
    leaders: dict[int, int] = {}
    for unit, *_ in leaf_units:
        if by_unit.get(unit.pk):
            leaders[unit.pk] = by_unit[unit.pk][0]
            leaderships.append(UnitLeadership(person=people[leaders[unit.pk]], unit=unit))
    leading = set(leaders.values())
    for area_unit in areas.values():
        # The area's head works in one of its units but does not lead that unit.
        staff = (
            (u, i)
            for u, *_ in leaf_units
            if u.path.startswith(area_unit.path + "/")
            for i in by_unit.get(u.pk, [])
            if i not in leading
        )
        found = next(staff, None)
        if found is not None:
            # The head works in the area unit itself, above the unit leaders.
            unit, head = found
            by_unit[unit.pk].remove(head)
            Employment.objects.filter(person=people[head]).update(unit=area_unit)
            leaderships.append(UnitLeadership(person=people[head], unit=area_unit))
    UnitLeadership.objects.bulk_create(leaderships)

    summary.spells = _absence(rng, people, plans, window_start, today, spells_per_year)
    _holidays(rng, people, plans, window_start, today)
    if with_follow_up:
        _follow_up(rng, [p.pk for p in people], today)
    if with_logins:
        summary.logins = _logins(org, people, leaf_units, by_unit, areas)
        _dialogue(rng, org, today)
        _amo(org, today)
        _jobcentre(rng, org.slug, today)
        # Its own generator: the rest of the demo stays exactly as it was.
        build_working_life(random.Random(seed + 1), org, people, today)
        # A private firm, compared with its industry (its own generator, too).
        build_firm(f"{slug}-byg", random.Random(seed + 2), today, years, DEMO_PASSWORD)
        summary.logins.append((FIRM_LOGIN, "HR of a construction firm: compared with its industry"))
    return summary


CITIZENS = ["Mette", "Jens", "Fatima", "Lars", "Sofie", "Ahmed", "Birgit", "Kasper", "Ida"]


def _demo_category(category: int, day: dt.date) -> int:
    """The demo's category as the law has it on ``day`` (no category 3 from 2025)."""
    allowed = jobcentre_rules.categories(jobcentre_rules.LAW, day)
    return category if jobcentre_rules.Category(category) in allowed else 2


def _demo_law_facts(case: JobcentreCase, category: int, length: int) -> None:
    """What the 2025–2026 rules ask, read off the demo's own numbers (no extra random draws, so
    the rest of the demo stays the same): employees in category 1 are expected back within 26
    weeks (exempt under the 2026 reform); employees in category 2 back within about 13 weeks of
    the first follow-up get the light follow-up of § 13 f; the municipality pays from the end of
    the employer period (30 days) for employees, from the first day for others."""
    employed = case.status == JobcentreCase.Status.EMPLOYED
    case.expected_back_within_26_weeks = employed and category == 1
    case.light_follow_up = employed and category == 2 and length <= 8 * 7 + 13 * 7
    case.benefit_from = case.first_day + dt.timedelta(days=30 if employed else 0)
    case.save(update_fields=["expected_back_within_26_weeks", "light_follow_up", "benefit_from"])


def _jobcentre(rng: random.Random, slug: str, today: dt.date) -> None:
    """The demo job centre's caseload, and a neighbouring job centre to compare durations with:
    cases in every category, some closed, some partly back or in an active offer, three new
    ones waiting for this week's screening."""
    home = Organisation.objects.get(slug=f"{slug}-jobcenter")
    caseworker = User.objects.get(username="sagsbehandler")
    neighbour = Organisation.objects.create(
        slug=f"{slug}-jobcenter-nabo",
        name="Jobcenter Nabokommune (demo)",
        cvr="12345674",
        kind=Organisation.Kind.JOBCENTRE,
    )
    for org, count, worker in ((home, 34, caseworker), (neighbour, 40, None)):
        for _ in range(count):
            category = rng.choices([1, 2, 3], weights=[5, 3, 2] if org is home else [3, 4, 3])[0]
            first_day = today - dt.timedelta(days=rng.randint(10, 220))
            length = {1: 45, 2: 110, 3: 180}[category] + rng.randint(-20, 40)
            closed_on = first_day + dt.timedelta(days=length)
            # The law on the day: category 3 went on 1 January 2025 (those cases are now 2).
            law_category = _demo_category(category, first_day)
            case = JobcentreCase.objects.create(
                organisation=org,
                citizen=f"{rng.choice(CITIZENS)} {rng.choice(LAST_NAMES)}",
                status=rng.choice(["employed"] * 6 + ["unemployed", "cash_benefit"]),
                employer=rng.choice(["Nærvær Kommune", "Brugsen", "Vestas", "Danfoss", ""]),
                first_day=first_day,
                reported_on=first_day + dt.timedelta(days=rng.randint(3, 25)),
                caseworker=worker,
                category=law_category,
                screened_on=first_day + dt.timedelta(days=rng.randint(25, 35)),
                closed_on=closed_on if closed_on < today else None,
            )
            _demo_law_facts(case, category, length)
            held_on = first_day + dt.timedelta(days=rng.randint(35, 54))
            while held_on < min(today, closed_on):
                JobcentreConversation.objects.create(
                    case=case,
                    held_on=held_on,
                    category=_demo_category(category, held_on),
                    gradual_return=rng.choice(["started", "planned", "not_yet"]),
                    involve_workplace=rng.random() < 0.6,
                    next_planned_on=held_on + dt.timedelta(weeks=5),
                )
                held_on += dt.timedelta(weeks=4 if category != 1 else 8, days=rng.randint(-3, 6))
            if case.conversations.count() >= 2:
                case.plan = (
                    "Gradvis tilbagevenden med 10 timer om ugen, op med 5 timer hver 14. dag"
                )
                case.plan_made_on = case.conversations.all()[1].held_on
                case.save(update_fields=["plan", "plan_made_on"])
            if rng.random() < 0.45:
                JobcentreActivity.objects.create(
                    case=case,
                    kind=rng.choice(["partial_return", "partial_return", "guidance", "internship"]),
                    hours_per_week=Decimal(rng.choice([8, 12, 15, 20])),
                    start=first_day + dt.timedelta(days=rng.randint(30, 60)),
                )
    for name in ("Karen Holm", "Peter Nielsen", "Aisha Khan"):
        JobcentreCase.objects.create(
            organisation=home,
            citizen=name,
            status="employed",
            employer="Nærvær Kommune",
            first_day=today - dt.timedelta(days=rng.randint(14, 28)),
            reported_on=today - dt.timedelta(days=rng.randint(1, 6)),
        )


def _amo(org: Organisation, today: dt.date) -> None:
    """The AMO's year so far: a 4-step process with a theme and an action plan, a problem in the
    APV, and problem reports in each state (one anonymous, waiting for a responsible person)."""
    leader = User.objects.get(username="leder")
    process = Process.objects.create(
        organisation=org, title="Sygefravær i Ældreplejen", year=today.year
    )
    theme = process.themes.create(
        title="Tunge forflytninger",
        description="Langt fravær med ryg og skuldre i hjemmeplejen",
        reach="many",
        effect="large",
    )
    ActionPlan.objects.create(
        organisation=org,
        process=process,
        theme=theme,
        challenge="Tunge forflytninger hos borgere uden lift",
        solution="Loftlifte i de tre tungeste boliger; forflytningskursus for alle",
        responsible=leader,
        deadline=today + dt.timedelta(days=21),
        follow_up_on=today + dt.timedelta(days=90),
        information="Tavlemøde i Hjemmeplejen Nord; nyhedsbrev",
    )
    process.information.create(
        what="Nye regler for forflytning",
        purpose="Færre skader",
        recipients="Alle i hjemmeplejen",
        platform="board",
        frequency="Ugentligt i en måned",
        responsible="Arbejdsmiljørepræsentanten",
    )
    ApvProblem.objects.create(
        organisation=org,
        title="Indeklima på Rådhuset",
        place="Rådhuset, 2. sal",
        priority=ApvProblem.Priority.MEDIUM,
        follow_up_guidelines="Måling hver måned til sommer",
    )
    ProblemReport.objects.create(
        organisation=org, what="Gelænderet ved kældertrappen er løst", place="Plejecenter Solbakken"
    )
    ProblemReport.objects.create(
        organisation=org,
        what="For mange opgaver på aftenvagten",
        place="Hjemmeplejen Nord",
        state=ProblemReport.State.IN_PROGRESS,
        responsible=leader,
        follow_up_on=today + dt.timedelta(days=10),
    )
    ProblemReport.objects.create(
        organisation=org,
        what="Printeren larmer i storrummet",
        place="Løn og Personale",
        state=ProblemReport.State.CLOSED,
        outcome="Printeren er flyttet til kopirummet",
    )


def _dialogue(rng: random.Random, org: Organisation, today: dt.date) -> None:
    """Two dialogue meetings in Hjemmeplejen a year apart, the second a little better rated,
    with a follow-up scheme whose actions the manager ("leder") has in her reminders."""
    amo = User.objects.get(username="amo")
    leader = User.objects.get(username="leder")
    lift = {"undgaa-stress": 1, "omsorgssamtaler": 1, "fysisk-belastning": 1}
    for held_on, better in [
        (today - dt.timedelta(days=365), 0),
        (today - dt.timedelta(days=14), 1),
    ]:
        meeting = dialogue.create_meeting(
            org,
            amo,
            groups=3,
            title="Bæredygtigt arbejdsmiljø",
            workplace="Hjemmeplejen Nord",
            held_on=held_on,
            scope="all",
        )
        for group in meeting.groups.all():
            for card in dialogue.cards_for(meeting):
                base = 2 if card.goal in ("mental-sundhed", "fysisk-sundhed") else 3
                score = base + rng.choice([-1, 0, 0, 1]) + (lift.get(card.code, 0) * better)
                dialogue.rate(group, card.code, max(1, min(5, score)))
        for card in dialogue.cards_for(meeting):
            dialogue.place(meeting, card.code)
        meeting.is_open = False
        meeting.summary = (
            "Vi gør det godt med kompetenceudvikling; stress og tunge løft kræver mere."
        )
        meeting.save(update_fields=["is_open", "summary"])
    FollowUp.objects.create(
        meeting=meeting,
        goal="mental-sundhed",
        priority="Forebyggelse af stress",
        aim="Færre langvarige sygemeldinger med stress",
        actions="Prioriteringsmøde hver 14. dag; tidlig omsorgssamtale",
        due=today + dt.timedelta(days=5),
        responsible=leader,
    )
    FollowUp.objects.create(
        meeting=meeting,
        goal="fysisk-sundhed",
        priority="Tunge forflytninger",
        aim="Ingen løft alene over 15 kg",
        actions="Loftlifte i tre boliger; forflytningskursus",
        due=today + dt.timedelta(days=45),
        responsible=leader,
    )


def _absence(
    rng: random.Random,
    people: list[Person],
    plans: list[tuple[int, Unit, Decimal, dt.date, dt.date | None, float, bool]],
    window_start: dt.date,
    today: dt.date,
    spells_per_year: float = SPELLS_PER_YEAR,
) -> int:
    spells: list[AbsenceSpell] = []
    steps: list[list[tuple[dt.date, int]]] = []
    # One day-care unit has had a hard year: short absence has risen over the last 11 months,
    # the pattern the early warning should catch (seed 002: rising short absence).
    strained = next((u.pk for _, u, *_ in plans if u.name == STRAINED_UNIT), None)
    strain_from = today - dt.timedelta(days=330)
    for i, unit, _hours, start, end, frailty, section56 in plans:
        first = max(start, window_start)
        last = min(end, today) if end else today
        days = (last - first).days + 1
        if days <= 0:
            continue
        expected = spells_per_year * frailty * days / 365 * (1.6 if section56 else 1.0)
        count = _poisson(rng, expected)
        starts = [_start_day(rng, first, days) for _ in range(count)]
        extra: set[dt.date] = set()
        if unit.pk == strained and last > strain_from:
            span = (last - max(first, strain_from)).days + 1
            for _ in range(_poisson(rng, 2.5 * span / 365)):
                extra.add(_start_day(rng, max(first, strain_from), span))
        starts = sorted([*starts, *extra])
        busy_until = first - ONE_DAY
        for day in starts:
            if day <= busy_until:
                continue
            length = rng.choice([1, 1, 2]) if day in extra else _pick_duration(rng)
            spell_last: dt.date | None = min(day + dt.timedelta(days=length - 1), last)
            assert spell_last is not None
            if spell_last >= today and (end is None or end > today):
                spell_last = None  # still absent today
            kind = Kind.SICKNESS
            r = rng.random()
            if r < 0.03:
                kind = Kind.WORK_ACCIDENT
            elif r < 0.07 and length > 5:
                kind = Kind.PREGNANCY
            spells.append(
                AbsenceSpell(
                    person=people[i],
                    first_day=day,
                    last_day=spell_last,
                    kind=kind,
                    section56=section56 and kind == Kind.SICKNESS and rng.random() < 0.7,
                    work_environment_related=rng.random() < 0.04,
                    reported_via=rng.choice(
                        [ReportedVia.PHONE] * 6
                        + [ReportedVia.MESSAGE] * 3
                        + [ReportedVia.IN_PERSON]
                    ),
                )
            )
            spell_steps = [(day, 100)]
            if length > 28 and rng.random() < 0.6:  # gradual return in the long spells
                back = day + dt.timedelta(days=int(length * rng.uniform(0.45, 0.7)))
                for percent in (60, 30) if rng.random() < 0.5 else (50,):
                    if spell_last is not None and back > spell_last:
                        break
                    if back > today:
                        break
                    spell_steps.append((back, percent))
                    back += dt.timedelta(days=rng.randint(14, 35))
            steps.append(spell_steps)
            busy_until = spell_last or today
    created = AbsenceSpell.objects.bulk_create(spells, batch_size=5000)
    degrees = [
        AbsenceDegree(spell=spell, from_day=d, percent=p)
        for spell, spell_steps in zip(created, steps, strict=True)
        for d, p in spell_steps
    ]
    AbsenceDegree.objects.bulk_create(degrees, batch_size=10000)
    return len(created)


CONVERSATION_NOTES = [
    (
        "Forventer at være tilbage om 1-2 uger",
        "Kan lave let administrativt arbejde",
        "",
        "Kortere vagter den første uge",
    ),
    (
        "Usikkert, lægen vurderer igen om 14 dage",
        "Kan ikke løfte eller stå længe",
        "Travlhed i perioden op til",
        "Kontakt hver uge; mulighed for kontoropgaver",
    ),
    (
        "Regner med delvis raskmelding om 3 uger",
        "Kan varetage dokumentation og planlægning",
        "",
        "Gradvis tilbagevenden, start med formiddage",
    ),
]


def _follow_up(rng: random.Random, person_ids: list[int], today: dt.date) -> None:
    """Compute every case's obligations, then play the managers' and HR's past work: steps due
    long ago are done (mostly on time), recent ones partly, so the front page has some work."""
    refresh_people(person_ids, today=today)
    done: list[Obligation] = []
    conversations: list[Conversation] = []
    answered: list[Case] = []
    playable = (
        Obligation.objects.filter(state=Obligation.State.OPEN, due__lt=today)
        .exclude(code=Code.RETENTION_PLAN.value)  # optional: left to the plans below
        .select_related("case")
    )
    for o in playable:
        assert o.due is not None  # due__lt above
        recent = (today - o.due).days < 45
        if o.code not in MILESTONES and recent and rng.random() < 0.35:
            continue  # still waiting: the front page's overdue work
        o.state = Obligation.State.DONE
        o.done_on = o.due if o.code in MILESTONES else o.due - dt.timedelta(days=rng.randint(0, 6))
        done.append(o)
        if o.code in (Code.ABSENCE_CONVERSATION.value, Code.CARE_CONVERSATION.value):
            duration, functions, factors, support = rng.choice(CONVERSATION_NOTES)
            conversations.append(
                Conversation(
                    person_id=o.case.person_id,
                    case=o.case,
                    kind=Conversation.Kind.ABSENCE
                    if o.code == Code.ABSENCE_CONVERSATION.value
                    else Conversation.Kind.CARE,
                    held_on=o.done_on,
                    form=rng.choice(["in_person", "in_person", "phone", "video"]),
                    participants="Medarbejder og leder",
                    expected_duration=duration,
                    functions=functions,
                    workplace_factors=factors,
                    support=support,
                )
            )
        if o.code == Code.EIGHT_WEEK_ANSWER.value:
            case = o.case
            last = case.last_day or today
            case.expected_over_8_weeks = (last - case.first_day).days >= 56
            case.eight_week_answered_on = o.done_on
            answered.append(case)
    Obligation.objects.bulk_update(done, ["state", "done_on"], batch_size=2000)
    Conversation.objects.bulk_create(conversations, batch_size=2000)
    Case.objects.bulk_update(answered, ["expected_over_8_weeks", "eight_week_answered_on"])
    # Long absences got a retention plan, most of them with a gradual return.
    plans = []
    for case in answered:
        if case.expected_over_8_weeks and rng.random() < 0.6:
            plans.append(
                RetentionPlan(
                    case=case,
                    gradual_return=rng.random() < 0.8,
                    changed_tasks=rng.random() < 0.5,
                    aids=rng.random() < 0.2,
                    measures="Gradvis optrapning af timer; ingen tunge løft de første uger.",
                    responsible="Nærmeste leder",
                )
            )
    RetentionPlan.objects.bulk_create(plans)
    Obligation.objects.filter(
        code=Code.RETENTION_PLAN.value, case__in=[p.case for p in plans]
    ).update(state=Obligation.State.DONE, done_on=F("due"))
    refresh_people(person_ids, today=today)  # the 8-week answers change the plans' status


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; means here are small (a few spells per person).
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


DEMO_USERS = ["hr", "leder", "chef", "medarbejder", "amo", "admin", "sagsbehandler", "hr-byg"]


def _logins(
    org: Organisation,
    people: list[Person],
    leaf_units: list[tuple[Unit, list[int], float, float]],
    by_unit: dict[int, list[int]],
    areas: dict[str, Unit],
) -> list[tuple[str, str]]:
    def user(username: str, person: Person | None, first: str, last: str, **extra: object) -> User:
        u = User.objects.create_user(
            username,
            password=DEMO_PASSWORD,
            organisation=extra.pop("organisation", org),
            first_name=first,
            last_name=last,
            # The demo sends its e-mails to files under var/mail ("Sendte mails" lists them).
            email=f"{username}@demo.example",
        )
        if person is not None:
            person.user = u
            person.save(update_fields=["user"])
        return u

    def split(name: str) -> tuple[str, str]:
        first, _, last = name.partition(" ")
        return first, last

    home_nord = next(u for u, *_ in leaf_units if u.name == "Hjemmeplejen Nord")
    payroll = next(u for u, *_ in leaf_units if u.name == "Løn og Personale")
    manager = people[by_unit[home_nord.pk][0]]
    employee = max(
        (people[i] for i in by_unit[home_nord.pk][1:]),
        key=lambda p: p.spells.count(),
    )
    area_leader = UnitLeadership.objects.get(unit=areas["Ældreplejen"]).person
    hr_person = people[by_unit[payroll.pk][1]]
    logins = []
    for username, person, role, description in [
        ("leder", manager, None, "manager of Hjemmeplejen Nord"),
        ("chef", area_leader, None, "head of Ældreplejen (all its units)"),
        ("medarbejder", employee, None, "employee in Hjemmeplejen Nord"),
        ("hr", hr_person, Role.Kind.HR, "HR for the whole organisation"),
        (
            "amo",
            None,
            Role.Kind.AMO,
            "work-environment organisation: statistics, AMO tools, dialogue",
        ),
        ("admin", None, Role.Kind.ADMIN, "administrator: users, roles and units"),
    ]:
        first, last = split(person.name) if person else (username.capitalize(), "")
        u = user(username, person, first, last)
        if role:
            Role.objects.create(user=u, kind=role)
        logins.append((username, description))
    jobcentre = Organisation.objects.create(
        slug=f"{org.slug}-jobcenter",
        name="Jobcenter Nærvær (demo)",
        cvr="29189420",
        kind=Organisation.Kind.JOBCENTRE,
    )
    caseworker = user("sagsbehandler", None, "Sagsbehandler", "", organisation=jobcentre)
    Role.objects.create(user=caseworker, kind=Role.Kind.CASEWORKER)
    logins.append(("sagsbehandler", "caseworker at the job centre: screening, caseload"))
    return logins
