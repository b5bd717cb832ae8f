"""The 503 page shown while the database is unreachable (the real PostgreSQL outage: test_database_outage)."""

import pytest
from django.core.signals import got_request_exception
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, ProgrammingError
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory

from gongkai.ops.db import is_connection_failure
from gongkai.ops.middleware import DatabaseUnavailableMiddleware
from gongkai.publishing.caching import ELDER_COOKIE

FRIENDLY = "网站暂时无法访问"


def assert_calm_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    for leak in ("Traceback", "OperationalError", "Connection refused", "5432"):
        assert leak not in body
    return body


@pytest.mark.parametrize("path", ["/", "/catalog/", "/catalog/zalaite-social-insurance/4/"])
def test_public_pages_show_the_friendly_page(client, database_down, path):
    response = client.get(path)
    body = assert_calm_503(response)
    assert response["Content-Type"].startswith("text/html")
    assert FRIENDLY in body
    assert "12333" in body
    assert "/static/portal/site.css" in body  # looks like the rest of the site


def test_the_page_keeps_large_text_mode(client, database_down):
    client.cookies[ELDER_COOKIE] = "1"
    assert 'class="elder"' in client.get("/").content.decode()


def test_the_api_answers_json(client, database_down):
    response = client.get("/api/v1/catalog")
    assert_calm_503(response)
    assert response.json() == {"detail": "数据库暂时不可用，请稍后再试。"}


@pytest.mark.django_db
def test_pages_come_back_when_the_database_does(client, seeded, database_down):
    assert client.get("/").status_code == 503
    database_down()
    response = client.get("/")
    assert response.status_code == 200
    assert FRIENDLY not in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_query_is_still_an_error_not_an_outage(client, monkeypatch):
    """Only lost connections become 503: a bug must stay visible as a 500 and in the error log."""

    def broken(*args, **kwargs):
        raise ProgrammingError('relation "catalog_catalog" does not exist')

    monkeypatch.setattr("gongkai.portal.views.default_catalog", broken)
    with pytest.raises(ProgrammingError):
        client.get("/")


def test_failures_outside_the_view_are_caught_too():
    """A failure in later middleware (a session saved on the way out) arrives as a 500 page plus a signal."""

    def later_middleware(request):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            got_request_exception.send(sender=None, request=request)
        return HttpResponseServerError("500")

    response = DatabaseUnavailableMiddleware(later_middleware)(RequestFactory().get("/"))
    assert FRIENDLY in assert_calm_503(response)


def test_an_ordinary_500_is_left_alone():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponseServerError("500"))
    assert middleware(RequestFactory().get("/")).status_code == 500
    assert (
        DatabaseUnavailableMiddleware(lambda request: HttpResponse("ok"))(
            RequestFactory().get("/")
        ).status_code
        == 200
    )


class _Cause(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def _wrapped(error_class, sqlstate):
    error = error_class("x")
    error.__cause__ = _Cause(sqlstate)
    return error


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (OperationalError("could not connect"), True),
        (InterfaceError("connection already closed"), True),
        (_wrapped(DatabaseError, "08006"), True),  # connection failure
        (_wrapped(DatabaseError, "57P01"), True),  # administrator shutdown
        (_wrapped(DatabaseError, "22001"), False),  # value too long: a bug
        (ProgrammingError("syntax error"), False),
        (IntegrityError("duplicate key"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_what_counts_as_an_outage(error, outage):
    assert is_connection_failure(error) is outage
