"""Every URL of the app, as every role: a view that lets anyone further than the access policy
allows fails here. A URL added without a row in ``MATRIX`` fails too, so nothing is forgotten.

Objects are Bob's (an employee in Pleje/Nord, led by Alice, under Dave's area): his person page,
his ongoing absence, its follow-up case, plan and possibility statement.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, get_resolver

from naervaer.absence.services import register_sick
from naervaer.amo.models import ApvProblem, ProblemReport, Process
from naervaer.dialogue.services import create_meeting
from naervaer.fleksjob.models import Fleksjob
from naervaer.followup.models import Case, Conversation, PossibilityStatement, RetentionPlan
from naervaer.importexport.models import ExportJob, ImportJob
from naervaer.inspections.models import Advice, Inspection
from naervaer.jobcentre.models import Case as JobcentreCase
from naervaer.mail.models import SentMail
from naervaer.workinjury.models import WorkAccident
from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db

EVERYONE = {"alice", "bob", "carol", "dave", "hanne", "amy", "adam", "olga", "cate"}
EMPLOYERS = EVERYONE - {"cate"}  # everyone but the job centre's caseworker
FOLLOWERS = {"alice", "dave", "hanne"}  # those who follow Bob's absence
WITH_PERSON = {"alice", "bob", "carol", "dave", "hanne", "olga"}
DIALOGUE_LEADERS = {"alice", "dave", "hanne", "amy"}  # managers, HR and AMO of Acme
AMO_TOOLS = {"hanne", "amy"}  # the AMO's workspace: AMO and HR of Acme

# url name -> (method, path template, personas allowed). Others get 403/404 (405 for a wrong
# method); anonymous visitors are sent to the login page.
MATRIX: dict[str, tuple[str, str, set[str]]] = {
    "home": ("GET", "/", EVERYONE),
    "amo_industry_themes": ("POST", "/amo/process/{process}/industry-themes/", AMO_TOOLS),
    "inspections": ("GET", "/inspections/", AMO_TOOLS | {"olga"}),
    "inspection_new": ("GET", "/inspections/new/", AMO_TOOLS | {"olga"}),
    "inspection": ("GET", "/inspections/{inspection}/", AMO_TOOLS),
    "advice_new": ("GET", "/inspections/advice/new/", AMO_TOOLS | {"olga"}),
    "advice": ("GET", "/inspections/advice/{advice}/", AMO_TOOLS),
    "fleksjob": ("GET", "/fleksjob/", {"hanne", "olga"}),
    "fleksjob_new": ("GET", "/fleksjob/new/", {"hanne", "olga"}),
    "fleksjob_edit": ("GET", "/fleksjob/{fleksjob}/", {"hanne"}),
    "seniors": ("GET", "/seniors/", {"alice", "dave", "hanne", "olga"}),
    "senior_policy": ("GET", "/seniors/policy/", {"hanne", "olga"}),
    "senior_person": ("GET", "/seniors/{bob}/", FOLLOWERS),
    "injuries": ("GET", "/injuries/", {"alice", "dave", "hanne", "amy", "olga"}),
    "injury_new": ("GET", "/injuries/new/", {"alice", "dave", "hanne", "olga"}),
    "injury": ("GET", "/injuries/{accident}/", FOLLOWERS | {"amy"}),
    "injury_edit": ("GET", "/injuries/{accident}/edit/", FOLLOWERS),
    "people": ("GET", "/people/", {"alice", "dave", "hanne", "olga"}),
    "units": ("GET", "/units/", {"alice", "dave", "hanne", "amy", "adam", "olga"}),
    "users": ("GET", "/users/", {"adam"}),
    "user_new": ("GET", "/users/new/", {"adam"}),
    "user_edit": ("GET", "/users/{bob_user}/", {"adam"}),
    "twofactor_reset": ("POST", "/users/{bob_user}/two-factor/reset/", {"adam"}),
    "organisation_export": ("POST", "/users/export/", {"adam"}),
    "absent_now": ("GET", "/absent/", {"alice", "dave", "hanne", "olga"}),
    "person": ("GET", "/people/{bob}/", FOLLOWERS | {"bob"}),
    "register_sick": ("GET", "/people/{bob}/sick/", FOLLOWERS),
    "register_return": ("GET", "/spells/{spell}/return/", FOLLOWERS),
    "register_partial": ("GET", "/spells/{spell}/partial/", FOLLOWERS),
    "correct_spell": ("GET", "/spells/{spell}/correct/", FOLLOWERS),
    "delete_spell": ("POST", "/spells/{spell}/delete/", FOLLOWERS),
    "replacement_holiday": ("GET", "/replacement-holiday/", {"hanne", "olga"}),
    "holiday_sickness": ("POST", "/spells/{spell}/holiday-sickness/", {"hanne"}),
    "my_absence": ("GET", "/me/", WITH_PERSON),
    "my_data": ("GET", "/me/data.json", WITH_PERSON),
    "my_data_pdf": ("GET", "/me/data.pdf", WITH_PERSON),
    "due_list": ("GET", "/follow-up/", {"alice", "dave", "hanne", "olga"}),
    "case": ("GET", "/cases/{case}/", FOLLOWERS | {"bob"}),
    "conversation": ("GET", "/cases/{case}/conversation/absence/", FOLLOWERS),
    "eight_weeks": ("POST", "/cases/{case}/eight-weeks/", FOLLOWERS),
    "case_facts": ("POST", "/cases/{case}/facts/", FOLLOWERS),
    "plan": ("GET", "/cases/{case}/plan/", FOLLOWERS),
    "request_plan": ("POST", "/cases/{case}/plan/request/", FOLLOWERS | {"bob"}),
    "plan_my_view": ("GET", "/cases/{case}/plan/my-view/", {"bob"}),
    "obligation_done": ("POST", "/obligations/{obligation}/done/", FOLLOWERS),
    "statement_new": ("GET", "/cases/{case}/statement/", FOLLOWERS),
    "statement_part2": ("GET", "/statements/{statement}/part2/", FOLLOWERS),
    "statement_pdf": ("GET", "/statements/{statement}/mulighedserklaering.pdf", FOLLOWERS),
    "section56": ("GET", "/people/{bob}/section56/", FOLLOWERS),
    "policy": ("GET", "/policy/", {"hanne", "adam", "olga"}),
    "rules": ("GET", "/rules/", {"hanne", "olga", "cate"}),
    "my_calendar": ("GET", "/me/calendar/", EVERYONE),
    "statistics": ("GET", "/statistics/", {"alice", "dave", "hanne", "amy", "olga"}),
    "statistics_export": (
        "GET",
        "/statistics/export.csv",
        {"alice", "dave", "hanne", "amy", "olga"},
    ),
    "statistics_calendar": (
        "GET",
        "/statistics/calendar/",
        {"alice", "dave", "hanne", "amy", "olga"},
    ),
    # The early warning's names: never for the AMO.
    "statistics_care": ("GET", "/statistics/care/", {"alice", "dave", "hanne", "olga"}),
    "statistics_settings": ("GET", "/statistics/settings/", {"hanne", "adam", "olga"}),
    "statistics_age": ("GET", "/statistics/age/", {"alice", "dave", "hanne", "amy", "olga"}),
    "statistics_job_groups": (
        "GET",
        "/statistics/job-groups/",
        {"alice", "dave", "hanne", "amy", "olga"},
    ),
    "audit_log": ("GET", "/audit/", {"hanne", "adam", "olga"}),
    "my_access_log": ("GET", "/me/access-log/", WITH_PERSON),
    "import": ("GET", "/import/", {"hanne", "olga"}),
    "import_job": ("GET", "/import/{job}/", {"hanne"}),
    "export": ("GET", "/export/absences.csv", {"hanne", "olga"}),
    "export_job": ("GET", "/export/{export}/", {"hanne"}),  # the requester only
    "export_download": ("GET", "/export/{export}/download", {"hanne"}),
    "amo": ("GET", "/amo/", AMO_TOOLS | {"olga"}),
    "amo_step": ("GET", "/amo/process/{process}/2/", AMO_TOOLS),
    "amo_process_export": ("GET", "/amo/process/{process}/export.xlsx", AMO_TOOLS),
    "amo_roles": ("GET", "/amo/roles/", AMO_TOOLS | {"olga"}),
    "amo_apv": ("GET", "/amo/apv/", AMO_TOOLS | {"olga"}),
    "amo_apv_problem": ("GET", "/amo/apv/{apv}/", AMO_TOOLS),
    "amo_reports": ("GET", "/amo/reports/", AMO_TOOLS | {"olga"}),
    "amo_report": ("GET", "/amo/reports/{report}/", AMO_TOOLS),
    "amo_annual": ("GET", "/amo/annual/2026/", AMO_TOOLS | {"olga"}),
    "amo_annual_export": ("GET", "/amo/annual/2026.xlsx", AMO_TOOLS | {"olga"}),
    "my_report": ("GET", "/report/", EMPLOYERS),
    "jobcentre": ("GET", "/jobcentre/", {"cate"}),
    "jobcentre_case_new": ("GET", "/jobcentre/cases/new/", {"cate"}),
    "jobcentre_case": ("GET", "/jobcentre/cases/{jobcentre_case}/", {"cate"}),
    "jobcentre_statistics": ("GET", "/jobcentre/statistics/", {"cate"}),
    "jobcentre_plan_document": (
        "GET",
        "/jobcentre/cases/{jobcentre_case}/retention-plan",
        {"cate"},
    ),
    "dialogue": ("GET", "/dialogue/", DIALOGUE_LEADERS | {"olga"}),
    "dialogue_new": ("GET", "/dialogue/new/", DIALOGUE_LEADERS | {"olga"}),
    "dialogue_meeting": ("GET", "/dialogue/{meeting}/", DIALOGUE_LEADERS),
    "dialogue_action": ("POST", "/dialogue/{meeting}/do/timer/", DIALOGUE_LEADERS),
    "dialogue_screen": ("GET", "/dialogue/{meeting}/screen/", DIALOGUE_LEADERS),
    "dialogue_screen_live": ("GET", "/dialogue/{meeting}/screen/live/", DIALOGUE_LEADERS),
    "dialogue_followup": ("GET", "/dialogue/{meeting}/follow-up/", DIALOGUE_LEADERS),
    "dialogue_results": ("GET", "/dialogue/{meeting}/results/", DIALOGUE_LEADERS),
    "dialogue_results_pdf": ("GET", "/dialogue/{meeting}/results.pdf", DIALOGUE_LEADERS),
    # Self-service, e-mail, the plan as PDF, units, the audit-log file, the poster (issue #13)
    "self_sick": ("GET", "/me/sick/", WITH_PERSON),
    "self_well": ("GET", "/me/well/", WITH_PERSON),
    "invite": ("GET", "/cases/{case}/invite/", FOLLOWERS),
    "send_minutes": ("POST", "/conversations/{conversation}/send-minutes/", FOLLOWERS),
    "sent_mails": ("GET", "/mail/", EVERYONE),
    "sent_mail": ("GET", "/mail/{mail}/", {"alice", "bob", "hanne"}),  # sender, recipient, HR
    "plan_pdf": ("GET", "/cases/{case}/fastholdelsesplan.pdf", FOLLOWERS | {"bob"}),
    "manage_units": ("GET", "/units/manage/", {"adam"}),
    "edit_unit": ("GET", "/units/{nord}/edit/", {"adam"}),
    "add_leader": ("POST", "/units/{nord}/leaders/", {"adam"}),
    "remove_leader": ("POST", "/units/{nord}/leaders/{carol}/remove/", {"adam"}),
    "audit_export": ("GET", "/audit/export.csv", {"hanne", "adam", "olga"}),
    "amo_report_poster": ("GET", "/amo/reports/poster.pdf", AMO_TOOLS | {"olga"}),
}
# Reachable without logging in by design: the login page itself, single sign-on (404 unless
# configured; tested in test_sso), logging out, calendar feeds (the secret address is the
# key; tested in test_reminders), and the dialogue tool's pages for the groups' devices (the
# meeting code is the key, and they hold no personal data; tested in tests/dialogue), and
# problem reports (the organisation's report address is the key; tested in tests/amo).
PUBLIC = {
    "login",
    "logout",
    "calendar_feed",
    "set_language",
    "twofactor_setup",
    "twofactor_verify",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
    "dialogue_join",
    "dialogue_join_code",
    "dialogue_rate",
    "report_public",
    "report_status",
}


def ids(world: World) -> dict[str, int]:
    bob = world.person(world.bob)
    spell = register_sick(bob, dt.date.today() - dt.timedelta(days=10), by=world.alice)
    case = Case.objects.get(spell=spell)
    RetentionPlan.objects.create(case=case, measures="x")
    statement = PossibilityStatement.objects.create(
        case=case, filled_on=dt.date.today(), normal_tasks="x", limitations="y"
    )
    job = ImportJob.objects.create(
        organisation=world.acme, kind="employees", filename="x.csv", uploaded_by=world.hanne
    )
    export = ExportJob.objects.create(
        organisation=world.acme,
        requested_by=world.hanne,
        kind="employees",
        format="csv",
        status="done",
        file=ContentFile(b"employee_id\r\n", name="e.csv"),
    )
    meeting = create_meeting(
        world.acme, world.amy, groups=2, title="Dialog", held_on=dt.date.today()
    )
    process = Process.objects.create(organisation=world.acme, title="Sygefravær", year=2026)
    report = ProblemReport.objects.create(organisation=world.acme, what="Tunge løft")
    apv = ApvProblem.objects.create(organisation=world.acme, title="Tunge løft")
    jobcentre_case = JobcentreCase.objects.create(
        retention_plan_document=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        organisation=world.jobcentre,
        citizen="Bob Bendtsen",
        status="employed",
        first_day=dt.date.today() - dt.timedelta(days=30),
    )
    accident = WorkAccident.objects.create(
        organisation=world.acme,
        happened_on=dt.date.today() - dt.timedelta(days=11),
        unit=world.nord,
        person=bob,
        what_happened="Gled på vådt gulv",
    )
    inspection = Inspection.objects.create(organisation=world.acme, visited_on=dt.date.today())
    advice = Advice.objects.create(
        organisation=world.acme,
        adviser="Rådgiver A/S",
        topic="Psykisk arbejdsmiljø",
        started_on=dt.date.today(),
        cost=10000,
    )
    fleksjob = Fleksjob.objects.create(
        employment=bob.employments.get(), started_on=dt.date(2024, 1, 1), granted_by="Acme"
    )
    conversation = Conversation.objects.create(
        person=bob, case=case, kind="absence", held_on=dt.date.today(), form="phone"
    )
    mail = SentMail.objects.create(
        organisation=world.acme,
        person=bob,
        case=case,
        kind="invitation",
        sent_by=world.alice,
        recipient_user=world.bob,
        to="bob@example.dk",
        subject="Indkaldelse",
        body="...",
        status="sent",
    )
    return {
        "fleksjob": fleksjob.pk,
        "inspection": inspection.pk,
        "advice": advice.pk,
        "accident": accident.pk,
        "conversation": conversation.pk,
        "mail": mail.pk,
        "nord": world.nord.pk,
        "carol": world.person(world.carol).pk,
        "jobcentre_case": jobcentre_case.pk,
        "process": process.pk,
        "report": report.pk,
        "apv": apv.pk,
        "meeting": meeting.pk,
        "bob": bob.pk,
        "bob_user": world.bob.pk,
        "spell": spell.pk,
        "case": case.pk,
        "obligation": case.obligations.get(code="report_to_municipality").pk,
        "statement": statement.pk,
        "job": job.pk,
        "export": export.pk,
    }


def in_safe_order() -> list[tuple[str, tuple[str, str, set[str]]]]:
    """Reads first, then writes, and deleting the absence last (it takes the case with it)."""
    return sorted(
        MATRIX.items(), key=lambda item: (item[1][0] == "POST", item[0] == "delete_spell")
    )


def test_the_matrix_covers_every_url() -> None:
    names = {p.name for p in get_resolver().url_patterns if isinstance(p, URLPattern) and p.name}
    names |= {"set_language"}  # django.conf.urls.i18n
    assert names - PUBLIC == set(MATRIX), "add the new URL to MATRIX with who may use it"
    urls = Path(__file__).resolve().parent.parent / "naervaer" / "urls.py"
    assert set(re.findall(r'name="([a-z_0-9]+)"', urls.read_text())) - PUBLIC == set(MATRIX)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_every_url_as_every_role(world: World, persona: str) -> None:
    objects = ids(world)
    client = client_for(getattr(world, persona))
    wrong = []
    for name, (method, template, allowed) in in_safe_order():
        path = template.format(**objects)
        response = client.post(path) if method == "POST" else client.get(path)
        status = response.status_code
        ok = status == 200 or (status == 302 and "/login/" not in response.get("Location", ""))
        if (persona in allowed) != ok or (persona not in allowed and status not in (403, 404, 405)):
            wrong.append(f"{name} {method} {path}: {status} (allowed: {persona in allowed})")
    assert wrong == []


def test_every_url_sends_anonymous_visitors_to_log_in(world: World) -> None:
    objects = ids(world)
    client = Client()
    for name, (method, template, _allowed) in in_safe_order():
        path = template.format(**objects)
        response = client.post(path) if method == "POST" else client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], name
