"""HR and administrators confirm their login with a TOTP code; managers and employees do not."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _require(settings: object) -> None:
    settings.REQUIRE_TWO_FACTOR = True  # type: ignore[attr-defined]
    # Wrong codes slow the next try down (1 s, 2 s, …); the tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_hr_is_sent_to_set_up_a_second_factor(world: World) -> None:
    client = client_for(world.hanne)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"] == "/2fa/setup/"
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
