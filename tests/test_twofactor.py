"""HR and administrators confirm their login with a TOTP code; managers and employees do not."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from naervaer.audit.models import Action, AuditEvent
from naervaer.twofactor import services
from naervaer.twofactor.models import EnrolmentCode
from tests.conftest import PASSWORD, ClientResponse, World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require(settings: Settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    # Wrong codes slow the next try down (1 s, 2 s, …); the tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(client: Client, code_: str, password: str = PASSWORD) -> ClientResponse:
    return client.post("/2fa/setup/", {"password": password, "enrolment_code": code_})


def test_hr_is_sent_to_set_up_a_second_factor(world: World) -> None:
    enrolment = services.reset(world.hanne, by=world.adam)
    client = client_for(world.hanne)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"] == "/2fa/setup/"
    # The secret is not shown until the password and the enrolment code are given.
    page = client.get("/2fa/setup/").content.decode()
    assert "<svg" not in page and not re.search(r"<code>[A-Z2-7]{16,}</code>", page)
    assert not TOTPDevice.objects.exists()

    assert enrol(client, enrolment.lower().replace("-", " "))["Location"] == "/2fa/setup/"
    page = client.get("/2fa/setup/").content.decode()
    assert "<svg" in page and re.search(r"<code>[A-Z2-7]{16,}</code>", page)
    device = TOTPDevice.objects.get(user=world.hanne, confirmed=False)

    assert (
        client.post(
            "/2fa/setup/", {"code": "000000" if code(device) != "000000" else "111111"}
        ).status_code
        == 200
    )
    assert client.post("/2fa/setup/", {"code": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/").status_code == 200


def test_the_password_alone_does_not_enrol_an_authenticator(world: World) -> None:
    """An attacker who knows HR's password logs in before HR has set up her phone."""
    attacker = client_for(world.hanne)
    assert "<svg" not in attacker.get("/2fa/setup/").content.decode()
    assert enrol(attacker, "AAAA-BBBB-CCCC").status_code == 200  # a guessed code
    assert not TOTPDevice.objects.exists()
    # HR gets her code and starts; her pending secret is bound to her session.
    enrolment = services.reset(world.hanne, by=world.adam)
    hanne = client_for(world.hanne)
    assert enrol(hanne, enrolment, password="wrong").status_code == 200
    assert enrol(hanne, enrolment).status_code == 302
    pending = hanne.get("/2fa/setup/").content.decode()
    secret = re.search(r"<code>([A-Z2-7]{16,})</code>", pending)
    assert secret is not None
    # The attacker, with the same password, neither sees it nor can use the code again.
    page = attacker.get("/2fa/setup/").content.decode()
    assert secret.group(1) not in page and "<svg" not in page
    assert enrol(attacker, enrolment).status_code == 200
    assert TOTPDevice.objects.filter(user=world.hanne).count() == 1


def test_an_enrolment_code_expires_after_a_week(world: World) -> None:
    enrolment = services.reset(world.hanne, by=world.adam)
    EnrolmentCode.objects.update(issued_at=timezone.now() - dt.timedelta(days=8))
    assert enrol(client_for(world.hanne), enrolment).status_code == 200
    assert not TOTPDevice.objects.exists()


def test_guessing_at_the_enrolment_is_limited(world: World) -> None:
    client = client_for(world.hanne)
    for _i in range(10):
        enrol(client, "AAAA-BBBB-CCCC")
    enrolment = services.reset(world.hanne, by=world.adam)
    page = enrol(client, enrolment).content.decode()
    assert "For mange forsøg" in page
    assert not TOTPDevice.objects.exists()


def test_an_administrator_resets_a_users_two_factor_login(world: World) -> None:
    lost = TOTPDevice.objects.create(user=world.hanne, name="old phone", confirmed=True)
    admin_device = TOTPDevice.objects.create(user=world.adam, name="x", confirmed=True)
    adam = client_for(world.adam)
    adam.post("/2fa/verify/", {"code": code(admin_device)})
    response = adam.post(f"/users/{world.hanne.pk}/two-factor/reset/")
    assert response.status_code == 200
    shown = re.search(r'data-testid="enrolment-code">([A-Z2-9-]+)<', response.content.decode())
    assert shown is not None
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    event = AuditEvent.objects.get(action=Action.TWOFACTOR_RESET)
    assert "adam" in event.actor_label.lower() and "hanne" in event.detail
    # The code works once for Hanne.
    assert enrol(client_for(world.hanne), shown.group(1)).status_code == 302


@pytest.mark.parametrize("persona", ["hanne", "alice", "olga"])
def test_only_an_administrator_of_the_organisation_resets(world: World, persona: str) -> None:
    user = getattr(world, persona)
    device = TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    client = client_for(user)
    client.post("/2fa/verify/", {"code": code(device)})
    response = client.post(f"/users/{world.bob.pk}/two-factor/reset/")
    assert response.status_code in (403, 404)
    assert not EnrolmentCode.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.TWOFACTOR_RESET).exists()


def test_the_first_administrator_gets_a_code_on_the_command_line(world: World) -> None:
    out = StringIO()
    call_command("twofactor", "reset", world.adam.username, stdout=out)
    printed = re.search(r"([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", out.getvalue())
    assert printed is not None
    assert enrol(client_for(world.adam), printed.group(1)).status_code == 302


def test_a_confirmed_device_is_asked_for_at_the_next_login(world: World) -> None:
    device = TOTPDevice.objects.create(user=world.adam, name="x", confirmed=True)
    client = client_for(world.adam)
    response = client.get("/users/")
    assert response["Location"] == "/2fa/verify/"
    wrong = "000000" if code(device) != "000000" else "111111"
    assert "Koden er forkert" in client.post("/2fa/verify/", {"code": wrong}).content.decode()
    assert client.post("/2fa/verify/", {"code": code(device)}).status_code == 302
    assert client.get("/users/").status_code == 200


@pytest.mark.parametrize("persona", ["alice", "bob", "amy"])
def test_others_need_no_second_factor(world: World, persona: str) -> None:
    assert client_for(getattr(world, persona)).get("/").status_code == 200


def test_the_login_and_logout_stay_reachable(world: World) -> None:
    client = client_for(world.hanne)
    assert client.get("/2fa/setup/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert Client().get("/login/").status_code == 200
