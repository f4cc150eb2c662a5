"""Schemathesis against the app's own OpenAPI description: generated requests, within a bounded
number of examples, never make the API fail with a server error, and every answer (refusals
included) has a status code and a body that the description declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from naervaer.api.models import ApiToken
from tests.conftest import World

if TYPE_CHECKING:  # schemathesis names the type of an OpenAPI case for the checker only
    from schemathesis.specs.openapi.schemas import OpenApiCase

# The WSGI application as the server runs it (naervaer.wsgi adds only the start-up check that
# refuses the public SECRET_KEY outside the demo).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def token(world: World) -> Iterator[str]:
    # The WSGI app closes database connections after each request, as in production; inside a
    # test's transaction that would close the test's own connection (Django's test client does
    # the same as this).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield ApiToken.issue(world.acme, "Schemathesis", "hr")[1]
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_never_fails_with_a_server_error(case: OpenApiCase, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
