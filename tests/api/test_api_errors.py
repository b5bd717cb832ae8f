"""The API answers every error in JSON: a program reads it, never an HTML error page."""

import json

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


def test_applications_must_be_sent_as_json(bureau):
    """A form or text/plain body (what any web page can make a browser send) is refused with 415."""
    from gongkai.inforequests.models import Application

    client = Client()
    payload = json.dumps(
        {"body": bureau.code, "name": "王秀兰", "phone": "13800001234", "description": "文件"}
    )
    for content_type in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ):
        response = client.post("/api/v1/requests", payload, content_type=content_type)
        assert response.status_code == 415, content_type
        assert "JSON" in response.json()["detail"]
    assert not Application.objects.exists()
    accepted = client.post("/api/v1/requests", payload, content_type="application/json; charset=utf-8")
    assert accepted.status_code in (201, 422)  # read as JSON: checked like the form
