"""A second, private demo employer: a construction firm, so the statistics' like-for-like
comparison can be tried against an industry (a private firm is compared with its industry's
published absence; the municipality with municipalities).

"Nærvær Byg ApS (demo)": 90 people in crews, a workshop and an office, three years of absence,
and an HR login `hr-byg`. Its own random generator, so the municipality's demo is unchanged.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from naervaer.importexport.importers import ensure_unit
from naervaer.people.models import (
    Employment,
    Organisation,
    Person,
    Role,
    Sector,
    Unit,
    UnitLeadership,
    User,
)

FIRM_LOGIN = "hr-byg"
FIRM_UNITS = [
    ("Produktion/Hold Nord", 22, "Bygningsarbejdere"),
    ("Produktion/Hold Syd", 22, "Bygningsarbejdere"),
    ("Produktion/Hold Øst", 20, "Bygningsarbejdere"),
    ("Værksted", 12, "Håndværkere"),
    ("Administration", 14, "Kontorarbejde"),
]
NAMES = ["Mads", "Jonas", "Ali", "Peter", "Lise", "Henrik", "Sara", "Kim", "Omar", "Rasmus"]
SURNAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Kaya", "Larsen", "Holm"]


def build_firm(
    slug: str, rng: random.Random, today: dt.date, years: int, password: str
) -> Organisation:
    from naervaer.demo.generator import _absence  # the same absence pattern as the municipality

    org = Organisation.objects.create(
        slug=slug,
        name="Nærvær Byg ApS (demo)",
        cvr="31000009",
        industry_code="412000",
        sector=Sector.PRIVATE,
        extra_holiday_days=5,
    )
    cache: dict[str, Unit] = {}
    window_start = dt.date(today.year - years, today.month, 1)
    people: list[Person] = []
    plans: list[tuple[int, Unit, Decimal, dt.date, dt.date | None, float, bool]] = []
    for path, size, group in FIRM_UNITS:
        unit = ensure_unit(org, path, cache)
        for _ in range(size):
            i = len(people)
            person = Person.objects.create(
                organisation=org,
                employee_id=str(900001 + i),
                name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
            )
            start = window_start - dt.timedelta(days=rng.randint(30, 3650))
            Employment.objects.create(
                person=person,
                unit=unit,
                weekly_hours=Decimal(37),
                start=start,
                job_group=group,
            )
            people.append(person)
            # Construction: more accidents and long spells than an office (seed 000).
            frailty = rng.gammavariate(1.3, 1 / 1.3) * (1.2 if group != "Kontorarbejde" else 0.8)
            plans.append((i, unit, Decimal(37), start, None, frailty, False))
        UnitLeadership.objects.create(person=people[-size], unit=unit)
    _absence(rng, people, plans, window_start, today)
    user = User.objects.create_user(
        FIRM_LOGIN, password=password, organisation=org, first_name="HR", last_name="Byg"
    )
    Role.objects.create(user=user, kind=Role.Kind.HR)
    return org
