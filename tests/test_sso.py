"""Single sign-on with OpenID Connect, against a real (local) provider: the code flow with
nonce and PKCE logs in the Nærvær user with the provider's e-mail address, and nobody else."""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.conftest import World
from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider() -> Iterator[Provider]:
    p = Provider()
    backends = [*settings.AUTHENTICATION_BACKENDS, "naervaer.sso.backends.NaervaerOIDCBackend"]
    with override_settings(**p.settings(), AUTHENTICATION_BACKENDS=backends):
        yield p
    p.close()


def sign_in(client: Client, provider: Provider, next_url: str = "") -> str:
    """Walk the browser's part of the code flow; return where Nærvær sends the browser last."""
    start = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert start.status_code == 302
    location = urllib.parse.urlsplit(start["Location"])
    assert f"{location.scheme}://{location.netloc}" == provider.base
    query = dict(urllib.parse.parse_qsl(location.query))
    assert query["code_challenge_method"] == "S256" and query["nonce"]
    connection = http.client.HTTPConnection(location.netloc)
    connection.request("GET", f"{location.path}?{location.query}")
    answer = connection.getresponse()
    assert answer.status == 302
    back = urllib.parse.urlsplit(answer.getheader("Location", ""))
    done = client.get(back.path, dict(urllib.parse.parse_qsl(back.query)))
    assert done.status_code == 302
    return done["Location"]


def test_the_user_with_the_verified_address_is_logged_in(world: World, provider: Provider) -> None:
    world.alice.email = "Alice@Acme.dk"
    world.alice.save()
    provider.claims = {"email": "alice@acme.dk", "email_verified": True}
    client = Client()
    assert sign_in(client, provider, next_url="/absent/") == "/absent/"
    assert client.get("/absent/").status_code == 200
    assert int(client.session["_auth_user_id"]) == world.alice.pk


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "nobody@acme.dk"},  # no such user: never created from a login
        {"email": "alice@acme.dk", "email_verified": False},  # the provider has not checked it
    ],
)
def test_no_login_without_a_matching_verified_user(
    world: World, provider: Provider, claims: dict[str, object]
) -> None:
    world.alice.email = "alice@acme.dk"
    world.alice.save()
    provider.claims = claims
    client = Client()
    assert sign_in(client, provider) == "/login/?sso=failed"
    assert "_auth_user_id" not in client.session
    page = client.get("/login/?sso=failed").content.decode()
    assert "Single sign-on did not find" in page or "Single sign-on fandt" in page


def test_a_deactivated_user_cannot_sign_in(world: World, provider: Provider) -> None:
    world.alice.email = "alice@acme.dk"
    world.alice.is_active = False
    world.alice.save()
    provider.claims = {"email": "alice@acme.dk"}
    client = Client()
    assert sign_in(client, provider) == "/login/?sso=failed"


def test_a_forged_callback_is_refused(world: World, provider: Provider) -> None:
    world.alice.email = "alice@acme.dk"
    world.alice.save()
    client = Client()
    client.get("/oidc/authenticate/")
    response = client.get("/oidc/callback/", {"code": "made-up", "state": "wrong"})
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_single_sign_on_only_when_configured(provider: Provider) -> None:
    assert "Testudbyder" in Client().get("/login/").content.decode()
    with override_settings(OIDC_ENABLED=False):
        assert "Testudbyder" not in Client().get("/login/").content.decode()
        assert Client().get("/oidc/authenticate/").status_code == 404
        assert Client().get("/oidc/callback/").status_code == 404
