"""Property-based check of the whole API against its own OpenAPI document: no operation answers 5xx.

Schemathesis reads /api/v1/openapi.json from the app in-process (WSGI) and generates requests for every
operation, including POST /api/v1/requests (rate limiting answers 429 there, which is fine).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from gongkai.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def _catalog(seeded):
    """The seed catalog, and database connections kept open across WSGI calls.

    Django's WSGI handler closes the connection when a request ends; the test client switches that off so
    the test's transaction survives, and so must we (on PostgreSQL the next query would fail).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield seeded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_catalog")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=True,
)
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])
