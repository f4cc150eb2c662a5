"""The demo's long working life (seed 000): dates of birth and a senior policy with
conversations, a few fleksjob (one of few hours), work accidents with their reports and a
round-table meeting, near misses, and an inspection with a notice and authorised advice.

Uses its own random generator, so the rest of the demo stays exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from naervaer.absence.models import AbsenceSpell, Kind
from naervaer.fleksjob.models import Fleksjob
from naervaer.inspections.models import Advice, Decision, Inspection
from naervaer.people.models import Organisation, Person, UnitLeadership, User
from naervaer.rules.calendar import add_months
from naervaer.seniors.models import SeniorConversation, SeniorPolicy
from naervaer.workinjury.models import RoundTableMeeting, WorkAccident

WHAT_HAPPENED = [
    ("Gled på vådt gulv i badeværelset hos en borger", "Gulvet var ikke tørret efter bad"),
    ("Vred ryggen ved forflytning fra seng til kørestol", "Loftliften var til reparation"),
    ("Skar sig på en kniv i køkkenet", "Knivene lå løst i skuffen"),
    ("Faldt på isglat fortov ved indgangen til en borger", "Der var ikke saltet"),
    ("Klemte hånden i en tung branddør", "Dørlukkeren var for stram"),
    ("Blev slået af en borger med demens under morgenpleje", "Borgeren var urolig"),
]
NEAR_MISSES = [
    "En reol med ringbind var ved at vælte",
    "En kollega var ved at falde over en ledning i gangen",
    "Bremsen på en kørestol svigtede under forflytning",
    "En kasse kemikalier stod uden låg i rengøringsrummet",
]


def build_working_life(
    rng: random.Random, org: Organisation, people: list[Person], today: dt.date
) -> None:
    _birth_dates(rng, people, today)
    _seniors(rng, org, today)
    _fleksjob(rng, org, today)
    _accidents(rng, org, today)
    _inspection(org, today)


def _birth_dates(rng: random.Random, people: list[Person], today: dt.date) -> None:
    """Ages 20–67, older in the care of the elderly, as in Danish municipalities."""
    for person in people:
        age = min(67, max(20, round(rng.gauss(45, 11))))
        born = add_months(today, -12 * age) - dt.timedelta(days=rng.randint(0, 364))
        person.birth_date = born
    Person.objects.bulk_update(people, ["birth_date"], batch_size=5000)


def _seniors(rng: random.Random, org: Organisation, today: dt.date) -> None:
    SeniorPolicy.objects.create(
        organisation=org,
        from_age=60,
        interval_months=12,
        senior_days=Decimal(2),
        text=(
            "Fra det år, du fylder 60, tilbyder din leder en årlig seniorsamtale om, hvordan "
            "arbejdet passer dig nu, og hvad du ønsker for dine sidste år på arbejdsmarkedet. "
            "Vi tilbyder bl.a. nedsat tid, fritagelse for nattevagter, andre opgaver, "
            "to seniordage om året og mentorrollen for nye kolleger."
        ),
    )
    leader = User.objects.get(username="leder")
    seniors = Person.objects.filter(
        organisation=org, birth_date__lte=add_months(today, -12 * 60)
    ).order_by("employee_id")
    for person in seniors:
        if rng.random() < 0.45:
            continue  # not everyone has had theirs yet: some are due
        held = today - dt.timedelta(days=rng.randint(20, 330))
        SeniorConversation.objects.create(
            person=person,
            held_on=held,
            held_by=leader,
            balance=rng.choice(list(SeniorConversation.Balance)),
            demands=rng.choice(["Nattevagter", "Tunge forflytninger", "Nye it-systemer", ""]),
            wishes=rng.choice(
                ["Gå ned i tid fra 63", "Fortsætte til folkepensionsalderen", "Færre vagter"]
            ),
            no_night_shifts=rng.random() < 0.4,
            fewer_hours=rng.random() < 0.3,
            mentor=rng.random() < 0.3,
            agreed="Vi følger op om et år.",
            follow_up_on=add_months(held, 12),
        )


def _fleksjob(rng: random.Random, org: Organisation, today: dt.date) -> None:
    """Four current employments become fleksjob; one of them of 8 hours a week."""
    led = set(UnitLeadership.objects.values_list("person_id", flat=True))
    candidates = [
        p
        for p in Person.objects.filter(organisation=org, employments__end__isnull=True)
        .exclude(pk__in=led)
        .exclude(user__isnull=False)
        .order_by("employee_id")
        .distinct()
    ]
    for n, person in enumerate(rng.sample(candidates, 4)):
        employment = person.employments.get(end__isnull=True)
        if n == 0:
            employment.weekly_hours = Decimal(8)
            employment.save(update_fields=["weekly_hours"])
        started = max(employment.start, today - dt.timedelta(days=rng.randint(200, 2000)))
        Fleksjob.objects.create(
            employment=employment,
            started_on=started,
            granted_by="Nærvær Kommune",
            subsidy=Fleksjob.Subsidy.TO_EMPLOYEE,
        )


def _accidents(rng: random.Random, org: Organisation, today: dt.date) -> None:
    """The demo's work-accident absences get their accident, reported (one recent one not yet,
    so its deadline shows); a long one has a round-table meeting; and some near misses."""
    hr = User.objects.get(username="hr")
    spells = list(
        AbsenceSpell.objects.filter(person__organisation=org, kind=Kind.WORK_ACCIDENT)
        .select_related("person")
        .order_by("-first_day")[:12]
    )
    for n, spell in enumerate(spells):
        employment = spell.person.employment_on(spell.first_day)
        if employment is None:
            continue
        what, cause = WHAT_HAPPENED[n % len(WHAT_HAPPENED)]
        accident = WorkAccident(
            organisation=org,
            happened_on=spell.first_day,
            unit=employment.unit,
            person=spell.person,
            spell=spell,
            what_happened=what,
            cause=cause,
            registered_by=hr,
        )
        report = accident.report(today)
        if n > 0 and report is not None and report.required and report.due is not None:
            accident.reported_on = min(report.due, spell.first_day + dt.timedelta(days=4))
            accident.easy_reference = f"EASY-{rng.randint(100000, 999999)}"
        accident.save()
    longest = max(
        WorkAccident.objects.filter(organisation=org, spell__isnull=False).select_related("spell"),
        key=lambda a: a.spell.calendar_days(today) if a.spell else 0,
        default=None,
    )
    if longest is not None and longest.spell is not None:
        held = min(today, longest.spell.first_day + dt.timedelta(days=14))
        RoundTableMeeting.objects.create(
            accident=longest,
            held_on=held,
            with_municipality=True,
            with_union=True,
            with_insurer=True,
            agreed_plan=(
                "Gradvis tilbagevenden: 15 timer om ugen med lettere opgaver i fire uger, "
                "derefter 25 timer; forflytninger altid to sammen."
            ),
            follow_up_on=held + dt.timedelta(days=28),
            responsible=User.objects.get(username="leder"),
        )
    units = sorted(
        {
            a.unit
            for a in WorkAccident.objects.filter(organisation=org).select_related("unit")
            if a.unit is not None
        },
        key=lambda u: u.path,
    )
    for n, what in enumerate(NEAR_MISSES):
        if not units:
            break
        WorkAccident.objects.create(
            organisation=org,
            kind=WorkAccident.Kind.NEAR_MISS,
            happened_on=today - dt.timedelta(days=10 + 37 * n),
            unit=units[n % len(units)],
            what_happened=what,
            registered_by=hr,
        )


def _inspection(org: Organisation, today: dt.date) -> None:
    amo = User.objects.get(username="amo")
    visit = Inspection.objects.create(
        organisation=org,
        visited_on=today - dt.timedelta(days=75),
        smiley="yellow",
        summary=(
            "Risikobaseret tilsyn i hjemmeplejen: forflytninger, psykisk arbejdsmiljø og "
            "vold og trusler. Instruktion i forflytning manglede for nye medarbejdere."
        ),
    )
    Decision.objects.create(
        inspection=visit,
        kind=Decision.Kind.DEADLINE,
        about="Nye medarbejdere skal instrueres i forflytning, før de arbejder alene.",
        deadline=today + dt.timedelta(days=20),
        responsible=amo,
    )
    Decision.objects.create(
        inspection=visit,
        kind=Decision.Kind.GUIDANCE,
        about="Vejledning om forebyggelse af vold og trusler ved alenearbejde.",
        done_on=today - dt.timedelta(days=30),
    )
    Advice.objects.create(
        organisation=org,
        adviser="Arbejdsmiljørådgivning Nord ApS",
        topic="Psykisk arbejdsmiljø i Ældreplejen",
        started_on=dt.date(today.year - 4, 5, 2),
        cost=Decimal("45500.00"),
    )
