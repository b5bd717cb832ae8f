"""The API answers every error in JSON: a program reads it, never an HTML error page."""

from django.test import Client


def test_api_errors_are_json_never_an_html_page(db, monkeypatch):
    client = Client(raise_request_exception=False)
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json()["detail"]

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("gongkai.api.api.default_catalog", broken)
    crashed = client.get("/api/v1/catalog")
    assert crashed.status_code == 500
    assert crashed["Content-Type"].startswith("application/json") and "boom" not in crashed.content.decode()
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
