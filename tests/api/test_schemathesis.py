"""Property-based checks of the API against its own OpenAPI document.

Schemathesis reads /api/v1/openapi.json from the app in-process (WSGI) and generates requests from it:
- for every operation, valid and invalid: no answer is a 5xx (rate limiting answers 429, which is fine);
- for every write operation, valid ones only: each is accepted (2xx), so a client generated from the schema
  that fills in what the schema asks for gets its requests through.
"""

import ipaddress
import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from gongkai.inforequests.choices import ApplicantType, DeliveryForm, DeliveryMethod, IdType
from gongkai.inforequests.forms_public import clean_text, has_markup
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


# --- valid requests are accepted ---------------------------------------------------------------------------

WRITE_METHODS = "^(POST|PUT|PATCH|DELETE)$"
positive = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    method_regex=WRITE_METHODS
)
positive.config.generation.update(modes=[GenerationMode.POSITIVE])
SEED_BODY = "zltq-rsj"
RESIDENT_ID = "11010519491231002X"
CREDIT_CODE = "91152223MA0N123456"
TEXT_FIELDS = ("name", "contact_person", "id_number", "address", "description", "purpose")


def satisfy_what_the_schema_describes(body: dict) -> dict:
    """Make a generated application meet the rules ApplicationIn states in words because they depend on other
    fields (its description), and name a body that exists. Everything else is as generated from the schema."""
    body = dict(body, body=SEED_BODY)
    person = body.get("applicant_type", ApplicantType.PERSON) == ApplicantType.PERSON
    id_type = body.get("id_type", IdType.RESIDENT_ID)
    if person and id_type == IdType.CREDIT_CODE:
        body["id_type"] = id_type = IdType.PASSPORT
    if id_type == IdType.RESIDENT_ID:
        body["id_number"] = RESIDENT_ID
    elif id_type == IdType.CREDIT_CODE:
        body["id_number"] = CREDIT_CODE
    if not person and not clean_text(body.get("contact_person", "")):
        body["contact_person"] = "李四"
    if body.get("delivery_method") == DeliveryMethod.POST and not clean_text(body.get("address", "")):
        body["address"] = "扎赉特旗音德尔镇"
    wants_email = DeliveryForm.EMAIL in (body.get("delivery_form"), body.get("delivery_method"))
    if wants_email and not body.get("email"):
        body["email"] = "wang@example.org"
    for name in TEXT_FIELDS:
        if has_markup(body.get(name, "")):
            body[name] = "材料"
    return body


ADDRESSES = (str(ipaddress.ip_address("10.0.0.0") + n) for n in itertools.count(1))


@pytest.mark.django_db
@pytest.mark.usefixtures("_catalog")
@positive.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=True,
)
def test_valid_requests_are_accepted(case):
    if case.path == "/api/v1/requests":
        case.body = satisfy_what_the_schema_describes(case.body)
    case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}  # readable failures
    # Each request comes from its own address, so the hourly limit per address stays what it is in production.
    response = case.call(environ_overrides={"REMOTE_ADDR": next(ADDRESSES)})
    assert 200 <= response.status_code < 300, (case.body, response.status_code, response.text)
    case.validate_response(response, checks=[not_a_server_error])
