"""The caseworker's follow-up of sick-listed citizens: screening, categories setting the
cadence by the law on each date, the plan, being active and the refund, the reminders, the
statistics; and the wall
between the job centre and employers. TODAY is Wednesday 18 November 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pytest_django import Settings

from naervaer.audit.models import AuditEvent
from naervaer.jobcentre import services
from naervaer.jobcentre.models import Activity, Case, Conversation
from naervaer.people.models import Organisation, Role
from naervaer.rules.jobcentre import Code
from tests.conftest import World, client_for, make_user, streamed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
D = dt.date


def new_case(world: World, **fields: object) -> Case:
    values = {
        "organisation": world.jobcentre,
        "citizen": "Mette Madsen",
        "status": Case.Status.EMPLOYED,
        "first_day": D(2026, 10, 5),
        **fields,
    }
    return Case.objects.create(**values)


def test_a_new_case_is_screened_categorised_and_followed_up(world: World) -> None:
    client = client_for(world.cate)
    response = client.post(
        "/jobcentre/cases/new/",
        {"citizen": "Mette Madsen", "status": "employed", "first_day": "05.10.2026"},
    )
    case = Case.objects.get()
    assert response["Location"] == f"/jobcentre/cases/{case.pk}/"
    assert "Mette Madsen" in client.get("/jobcentre/").content.decode()  # on the screening list
    assert case.next_due() == D(2026, 11, 29)  # 5 October + 55 days: the end of week 8

    client.post(
        f"/jobcentre/cases/{case.pk}/",
        {"action": "screen", "caseworker": world.cate.pk, "category": 2},
    )
    case.refresh_from_db()
    assert (case.caseworker, case.category, case.screened_on) == (world.cate, 2, D(2026, 11, 18))
    assert list(services.screening_list(Case.objects.all())) == []

    client.post(
        f"/jobcentre/cases/{case.pk}/",
        {
            "action": "conversation",
            "held_on": "18.11.2026",
            "category": "2",
            "gradual_return": "planned",
            "involve_workplace": "on",
            "entitled": "on",
            "next_planned_on": "16.12.2026",
        },
    )
    # SDPL § 13 b, stk. 1 (since 2020): at least 4 follow-ups within the first half year from
    # 5 October 2026, that is by 4 April 2027; one held; the caseworker planned the next.
    deadline = case.next_follow_up()
    assert deadline is not None  # an open case always has a next follow-up
    assert (deadline.code, deadline.due) == (Code.FOLLOW_UP_MINIMUM, D(2027, 4, 4))
    assert deadline.params["planned"] == D(2026, 12, 16)
    # Since 2025 a citizen in a job needs no follow-up plan.
    plan = case.plan_deadline()
    assert plan is not None and plan.code == Code.PLAN_NOT_REQUIRED and case.plan_due() is None
    page = client.get(f"/jobcentre/cases/{case.pk}/").content.decode()
    assert "04.04.2027" in page and "Mindst 4 opfølgninger i de første 6 måneder" in page
    assert "Næste planlagt: 16.12.2026." in page
    assert "Følges op af kommunen." in page  # the 2026 reform: no separate job centre
    assert "skal stadig efterprøves" in page  # an unverified rule says so where it is used


def test_the_seed_rules_follow_the_category_and_the_job_centre(world: World) -> None:
    case = new_case(world, category=2, rule_set="seed-2008")
    Conversation.objects.create(
        case=case, held_on=D(2026, 11, 2), category=1, gradual_return="full"
    )
    assert case.next_due() == D(2026, 12, 28)  # seed, category 1: eight weeks
    Conversation.objects.create(
        case=case, held_on=D(2026, 11, 16), category=2, gradual_return="not_yet"
    )
    assert case.next_due() == D(2026, 12, 14)  # now category 2: four weeks
    page = client_for(world.cate).get(f"/jobcentre/cases/{case.pk}/").content.decode()
    assert "Følges op af jobcentret." in page


def test_category_3_is_refused_for_a_follow_up_held_in_2025_or_later(world: World) -> None:
    case = new_case(world, caseworker=world.cate)
    response = client_for(world.cate).post(
        f"/jobcentre/cases/{case.pk}/",
        {
            "action": "conversation",
            "held_on": "16.11.2026",
            "category": "3",
            "gradual_return": "not_yet",
            "entitled": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "Kategori 3 findes ikke den 16.11.2026" in response.content.decode()
    assert not case.conversations.exists()
    # Screening today offers only the categories the law has today.
    screen = client_for(world.cate).get(f"/jobcentre/cases/{case.pk}/").context["forms"]["screen"]
    assert [v for v, _label in screen.fields["category"].choices if v != ""] == [1, 2]


def test_an_employee_expected_back_within_26_weeks_is_exempt(world: World) -> None:
    # Lov nr. 1750/2025: first follow-up would be due 29 Nov 2026, after 1 July 2026.
    case = new_case(world, caseworker=world.cate, expected_back_within_26_weeks=True)
    deadline = case.next_follow_up()
    assert deadline is not None and deadline.code == Code.EXEMPT_EXPECTED_BACK
    assert case.next_due() is None
    page = client_for(world.cate).get(f"/jobcentre/cases/{case.pk}/").content.decode()
    assert "Fritaget: en ansat, der ventes tilbage inden 26 uger" in page
    assert "overskredet" not in page


def test_light_follow_up_is_a_milestone_never_overdue(world: World) -> None:
    # § 13 f: first follow-up 3 Aug 2026; back expected within 13 weeks: by 2 Nov 2026.
    case = new_case(world, first_day=D(2026, 6, 15), light_follow_up=True)
    Conversation.objects.create(
        case=case, held_on=D(2026, 8, 3), category=2, gradual_return="planned"
    )
    deadline = case.next_follow_up()
    assert deadline is not None  # an open case always has a next follow-up
    assert (deadline.code, deadline.due) == (Code.LIGHT_FOLLOW_UP, D(2026, 11, 2))
    response = client_for(world.cate).get(f"/jobcentre/cases/{case.pk}/")
    assert response.context["next"]["overdue"] is False
    assert "Let opfølgning (§ 13 f)" in response.content.decode()


def test_overdue_follow_up_and_plan_are_marked_but_not_a_recommended_meeting(
    world: World,
) -> None:
    # Insured unemployed, first day 1 Aug 2026: first follow-up and plan by 25 Sep (+ 55); the
    # round-table meeting (seed 003, practice not law) by 15 Nov: all past on 18 Nov.
    case = new_case(
        world,
        status=Case.Status.UNEMPLOYED,
        caseworker=world.cate,
        first_day=D(2026, 8, 1),
        category=2,
        screened_on=D(2026, 11, 1),
    )
    cate = client_for(world.cate)
    response = cate.get(f"/jobcentre/cases/{case.pk}/")
    assert response.context["next"]["due"] == D(2026, 9, 25)
    assert response.context["next"]["overdue"] and response.context["plan"]["overdue"]
    assert response.context["meeting"]["due"] == D(2026, 11, 15)
    assert response.context["meeting"]["overdue"] is False
    assert "efter den anbefalede dato" in response.content.decode()
    day = cate.get("/jobcentre/")
    row = day.context["mine"][0]
    assert row["next"]["overdue"] and row["plan"]["overdue"]
    assert day.context["overdue"] == 1
    assert day.content.decode().count(">overskredet<") == 2  # the follow-up and the plan


def test_being_active_raises_the_refund_under_the_2008_rules(world: World) -> None:
    # Employed from 5 Oct: the employer pays 30 days; the municipality from 4 Nov (estimate).
    case = new_case(world, rule_set="seed-2008")
    assert case.refund_percent(D(2026, 11, 18)) == 35
    Activity.objects.create(
        case=case, kind="partial_return", hours_per_week=Decimal("15"), start=D(2026, 11, 16)
    )
    case = Case.objects.get(pk=case.pk)
    assert case.refund_percent(D(2026, 11, 18)) == 65
    assert case.refund_percent(D(2026, 11, 13)) == 35  # before the partial return began


def test_refund_goes_by_weeks_with_benefit(world: World) -> None:
    # Employed from Monday 5 Oct 2026; benefit from Wednesday 4 Nov (first day + 30, estimate):
    # the week of 2 Nov is benefit week 1, so 18 Nov is week 3: 80 % (sickness week 7).
    case = new_case(world, first_day=D(2026, 10, 5))
    assert (case.refund(D(2026, 11, 18)).week, case.refund_percent(D(2026, 11, 18))) == (3, 80)
    assert case.refund_percent(D(2026, 10, 20)) is None  # the employer period: no benefit
    # Benefit entered from 12 Oct: weeks of 12, 19, 26 Oct, 2, 9, 16 Nov: the 6th, 40 %.
    case.benefit_from = D(2026, 10, 12)
    assert (case.refund(D(2026, 11, 18)).week, case.refund_percent(D(2026, 11, 18))) == (6, 40)


def test_earlier_benefit_periods_count_towards_the_refund(world: World) -> None:
    # Insured unemployed, benefit from Monday 5 Oct 2026: on 19 Oct the 3rd week, 80 %.
    case = new_case(world, status=Case.Status.UNEMPLOYED)
    assert (case.refund(D(2026, 10, 19)).week, case.refund_percent(D(2026, 10, 19))) == (3, 80)
    cate = client_for(world.cate)
    cate.post(
        f"/jobcentre/cases/{case.pk}/",
        {"action": "benefit", "start": "01.06.2026", "end": "28.06.2026"},
    )
    # Weeks of 1, 8, 15, 22 Jun, then 14 weeks without (< 52: no restart, § 6): 4 + 3 = the
    # 7th week with benefit on 19 Oct, 40 %.
    case = Case.objects.get(pk=case.pk)
    assert (case.refund(D(2026, 10, 19)).week, case.refund_percent(D(2026, 10, 19))) == (7, 40)
    response = cate.post(
        f"/jobcentre/cases/{case.pk}/",
        {"action": "benefit", "start": "01.06.2025", "end": "01.05.2025"},
    )
    assert response.status_code == 200 and "Perioden kan ikke slutte" in response.content.decode()
    assert case.earlier_benefits.count() == 1


def test_existing_cases_are_recomputed_and_the_audit_log_says_so(world: World) -> None:
    migration = import_module(
        "naervaer.jobcentre.migrations.0003_recompute_cases_under_the_law_by_date"
    )
    old = new_case(world, rule_set="current")
    seed = new_case(world, rule_set="seed-2008")
    migration.recompute(django_apps, None)
    old.refresh_from_db()
    seed.refresh_from_db()
    assert (old.rule_set, seed.rule_set) == ("", "seed-2008")
    event = AuditEvent.objects.get(
        organisation=world.jobcentre, detail__startswith="Job-centre rules recomputed"
    )
    assert "2 sickness cases" in event.detail and "1 moved" in event.detail


def test_due_follow_ups_reach_the_caseworkers_reminders(world: World) -> None:
    world.cate.email = "cate@jobcenter.dk"
    world.cate.save()
    new_case(world, caseworker=world.cate, first_day=D(2026, 9, 28))  # due 22 November
    call_command("remind", "--date", "2026-11-18", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["cate@jobcenter.dk"]]
    assert "Opfølgningssamtale – MM" in mail.outbox[0].body  # initials, not the name
    assert "Mette Madsen" not in mail.outbox[0].body


def test_employers_never_see_a_job_centre_case(world: World) -> None:
    case = new_case(world)
    for persona in ("alice", "hanne", "adam", "amy", "olga"):
        client = client_for(getattr(world, persona))
        assert client.get(f"/jobcentre/cases/{case.pk}/").status_code in (403, 404), persona
        assert client.get("/jobcentre/").status_code == 403, persona


def test_a_caseworker_sees_no_employer_data_and_no_other_job_centre(world: World) -> None:
    other = Organisation.objects.create(
        slug="jc2", name="Jobcenter Vest", cvr="12345674", kind=Organisation.Kind.JOBCENTRE
    )
    theirs = new_case(world, organisation=other)
    cate = client_for(world.cate)
    assert cate.get(f"/jobcentre/cases/{theirs.pk}/").status_code == 404
    bob = world.person(world.bob)
    for path in ("/people/", f"/people/{bob.pk}/", "/absent/", "/statistics/", "/follow-up/"):
        assert cate.get(path).status_code in (403, 404), path


def test_statistics_and_the_mix_adjusted_comparison(world: World) -> None:
    west = Organisation.objects.create(
        slug="jc2", name="Jobcenter Vest", cvr="12345674", kind=Organisation.Kind.JOBCENTRE
    )
    # Acme's job centre: five category-1 cases of 20 days; Vest: five category-3 cases of 100.
    for n in range(5):
        new_case(
            world,
            citizen=f"Borger Acme {n}",
            category=1,
            first_day=D(2026, 10, 1),
            closed_on=D(2026, 10, 20),
        )
        new_case(
            world,
            organisation=west,
            citizen=f"Borger Vest {n}",
            category=3,
            first_day=D(2026, 6, 1),
            closed_on=D(2026, 9, 8),
        )
    comparison = {c.organisation: c for c in services.compare_job_centres(D(2026, 11, 18))}
    # Each is exactly as long as its mix predicts, although Vest's cases last five times longer.
    assert comparison["Jobcenter Acme"].ratio == pytest.approx(1.0)
    assert comparison["Jobcenter Vest"].ratio == pytest.approx(1.0)
    page = client_for(world.cate).get("/jobcentre/statistics/").content.decode()
    # Groups, never a citizen (a name, not a short code a CSRF token could contain by chance).
    assert "Jobcenter Vest" in page and "Borger" not in page


def test_caseloads_against_the_target(world: World) -> None:
    carl = make_user("carl", world.jobcentre, None, Role.Kind.CASEWORKER)
    for n in range(3):
        new_case(world, citizen=f"C{n}", caseworker=carl)
    assert services.caseloads(world.jobcentre.pk) == [(carl, 3)]
    page = client_for(world.cate).get("/jobcentre/").content.decode()
    assert "plads til flere" in page


def test_the_retention_plan_document_is_for_caseworkers_only(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = new_case(world)
    cate = client_for(world.cate)
    upload = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4 fastholdelsesplan", content_type="application/pdf"
    )
    cate.post(
        f"/jobcentre/cases/{case.pk}/",
        {
            "action": "details",
            "citizen": case.citizen,
            "status": case.status,
            "first_day": "05.10.2026",
            "over_8_weeks": "true",
            "retention_plan": "Gradvis tilbagevenden fra uge 10",
            "retention_plan_document": upload,
        },
    )
    case.refresh_from_db()
    assert case.over_8_weeks is True and case.retention_plan_document
    response = cate.get(f"/jobcentre/cases/{case.pk}/retention-plan")
    assert streamed(response) == b"%PDF-1.4 fastholdelsesplan"
    assert (
        client_for(world.hanne).get(f"/jobcentre/cases/{case.pk}/retention-plan").status_code == 403
    )
    bad = SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream")
    response = cate.post(
        f"/jobcentre/cases/{case.pk}/",
        {
            "action": "details",
            "citizen": case.citizen,
            "status": case.status,
            "first_day": "05.10.2026",
            "retention_plan_document": bad,
        },
    )
    assert response.status_code == 200  # refused with a reason, nothing saved


def test_cases_at_risk_get_a_meeting_within_14_days_of_screening(world: World) -> None:
    case = new_case(world, category=2, screened_on=D(2026, 11, 10))
    assert case.meeting_due() == D(2026, 11, 24)
    case.meetings.create(
        kind="tripartite", held_on=D(2026, 11, 20), participants="Borger, læge, leder"
    )
    assert case.meeting_due() is None
    assert new_case(world, category=1, screened_on=D(2026, 11, 10)).meeting_due() is None


@pytest.mark.parametrize(
    ("status", "first_day", "closed_on", "expected"),
    [
        # An employee: the employer's 30 days are left out (§ 24, stk. 3), so benefit counts from
        # 2 Apr 2025. 2 Apr–31 Aug is 152 days, not more than 22 weeks (154); by 30 Sep 182.
        ("employed", dt.date(2025, 3, 3), None, dt.date(2025, 9, 30)),
        # Unemployed: nothing left out; 3 Mar–31 Jul is 151 days, by 31 Aug 182.
        ("unemployed", dt.date(2025, 3, 3), None, dt.date(2025, 8, 31)),
        # Back at work after 20 weeks of benefit: no reassessment.
        ("employed", dt.date(2025, 3, 3), dt.date(2025, 8, 19), None),
    ],
)
def test_the_22_week_reassessment_on_the_case_page(
    world: World,
    status: str,
    first_day: dt.date,
    closed_on: dt.date | None,
    expected: dt.date | None,
) -> None:
    case = new_case(world, status=status, first_day=first_day, closed_on=closed_on)
    found = case.reassessment()
    assert (found[0] if found else None) == expected
    page = client_for(world.cate).get(f"/jobcentre/cases/{case.pk}/").content.decode()
    if expected:
        assert f"{expected:%d.%m.%Y}" in page and "mere end 22 uger inden for 9" in page
    else:
        assert 'data-testid="reassessment"' not in page
