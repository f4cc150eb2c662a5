"""The demo organisation: deterministic, realistic, with a login for every role."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from pytest_django import DjangoDbBlocker

from naervaer.absence.models import AbsenceDegree, AbsenceSpell
from naervaer.demo.generator import DEMO_USERS, DemoSummary, build_demo
from naervaer.people.models import Employment, Organisation, Role, Unit, User

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock():
        summary = build_demo("demo", employees=1500, years=3, today=TODAY)
        yield summary
        from naervaer.demo.generator import delete_demo

        # Every organisation the demo builds (a test may also have rebuilt it in its own,
        # rolled-back transaction).
        delete_demo("demo")


def test_size_and_structure(demo: DemoSummary) -> None:
    org = demo.organisation
    assert demo.people == 1500
    units = Unit.objects.filter(organisation=org)
    assert 55 <= units.count() <= 65
    top = {u.path for u in units if u.parent_id is None}
    assert {"Ældreplejen", "Skoler", "Administration", "Teknik og Miljø"} <= top
    assert units.filter(path="Skoler/Nordskolen/SFO").exists()  # three levels deep
    hours = Counter(
        Employment.objects.filter(person__organisation=org).values_list("weekly_hours", flat=True)
    )
    part_time = sum(n for h, n in hours.items() if h < 37)
    assert part_time > 300  # part-timers are common in care and daycare


def test_absence_looks_like_a_municipality(demo: DemoSummary) -> None:
    spells = list(AbsenceSpell.objects.filter(person__organisation=demo.organisation))
    assert 4000 < len(spells) < 9000
    starts = Counter(s.first_day.weekday() for s in spells)
    assert starts[0] > 1.4 * starts[2]  # more spells start on Mondays than on Wednesdays
    months = Counter(s.first_day.month for s in spells)
    assert months[2] > 1.6 * months[7]  # flu season against summer holidays
    lengths = [((s.last_day or TODAY) - s.first_day).days + 1 for s in spells]
    short = sum(1 for n in lengths if n <= 3) / len(lengths)
    long = sum(1 for n in lengths if n > 56) / len(lengths)
    assert 0.5 < short < 0.75 and 0.01 < long < 0.08
    assert any(s.section56 for s in spells)
    assert AbsenceDegree.objects.filter(percent__lt=100).count() > 20  # partial returns
    assert any(s.last_day is None for s in spells)  # somebody is absent today


def test_no_spell_breaks_the_rules(demo: DemoSummary) -> None:
    from naervaer.rules.spells import DegreeStep, Period, SpellDraft, check_spell

    org = demo.organisation
    by_person: dict[int, list[AbsenceSpell]] = {}
    for s in AbsenceSpell.objects.filter(person__organisation=org).prefetch_related("degrees"):
        by_person.setdefault(s.person_id, []).append(s)
    employments: dict[int, list[Period]] = {}
    for e in Employment.objects.filter(person__organisation=org):
        employments.setdefault(e.person_id, []).append(Period(e.start, e.end))
    for pid, spells in by_person.items():
        for s in spells:
            draft = SpellDraft(
                s.first_day,
                s.last_day,
                tuple(DegreeStep(d.from_day, d.percent) for d in s.degrees.all()),
            )
            others = [Period(o.first_day, o.last_day) for o in spells if o is not s]
            assert check_spell(draft, employments[pid], others) == [], (pid, s)


def test_logins_for_every_role(demo: DemoSummary) -> None:
    assert set(
        User.objects.filter(username__in=DEMO_USERS).values_list("username", flat=True)
    ) == set(DEMO_USERS)
    assert Role.objects.filter(user__username="hr", kind="hr").exists()
    assert User.objects.get(username="leder").person.leaderships.exists()
    caseworkers_org = User.objects.get(username="sagsbehandler").organisation
    assert caseworkers_org is not None and caseworkers_org.kind == "jobcentre"


def test_the_same_seed_gives_the_same_data(demo: DemoSummary) -> None:
    first = list(
        AbsenceSpell.objects.filter(person__organisation=demo.organisation)
        .order_by("person__employee_id", "first_day")
        .values_list("person__employee_id", "first_day", "last_day")[:200]
    )
    again = build_demo("demo", employees=1500, years=3, today=TODAY)
    second = list(
        AbsenceSpell.objects.filter(person__organisation=again.organisation)
        .order_by("person__employee_id", "first_day")
        .values_list("person__employee_id", "first_day", "last_day")[:200]
    )
    assert first == second


def test_the_demo_shows_a_long_working_life(demo: DemoSummary) -> None:
    """Seed 000's parts each have something to show on the demo's first day."""
    from naervaer.fleksjob.models import Fleksjob
    from naervaer.inspections.models import Decision
    from naervaer.people.models import Person
    from naervaer.seniors.services import seniors_overview
    from naervaer.workinjury.models import RoundTableMeeting, WorkAccident

    org = Organisation.objects.get(slug="demo")
    assert not Person.objects.filter(organisation=org, birth_date__isnull=True).exists()
    seniors = seniors_overview(org.pk, Person.objects.filter(organisation=org), TODAY)
    assert any(row.last_held for row in seniors) and any(row.overdue(TODAY) for row in seniors)
    jobs = list(Fleksjob.objects.filter(employment__person__organisation=org))
    assert len(jobs) == 4 and sum(job.small_hours for job in jobs) == 1
    accidents = WorkAccident.objects.filter(organisation=org, kind="accident")
    assert accidents.filter(reported_on__isnull=False).exists()
    assert any(
        (r := a.report(TODAY)) is not None and r.required and a.reported_on is None
        for a in accidents
    )
    assert WorkAccident.objects.filter(organisation=org, kind="near_miss").count() == 4
    assert RoundTableMeeting.objects.filter(accident__organisation=org).count() == 1
    assert Decision.objects.filter(
        inspection__organisation=org, done_on__isnull=True, deadline__gt=TODAY
    ).exists()


def test_the_demo_firm_is_compared_with_its_industry(demo: DemoSummary) -> None:
    """The private firm's statistics page compares it with construction (DA's industry figure),
    naming the group, the year and the causes — not the whole labour market."""
    import re

    from django.test import Client

    firm = Organisation.objects.get(slug="demo-byg")
    assert (firm.sector, firm.industry_code) == ("private", "412000")
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(User.objects.get(username="hr-byg"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/statistics/").content.decode()))
    assert "Sammenlignet med Bygge og anlæg" in text
    assert "egen sygdom" in text  # the causes it counts
    assert re.search(r"Bygge og anlæg havde [0-9,]+ % i 20[0-9]{2}", text)  # the group and year
    assert "hele arbejdsmarkedet" not in text
