import json

from django.core.management import call_command


def test_api_catalog_equals_cli_export(client, seeded, capsysbinary):
    call_command("catalog", "export")
    cli = json.loads(capsysbinary.readouterr().out.decode())
    response = client.get("/api/v1/catalog")
    assert response.status_code == 200
    assert response.json() == cli


def test_api_unknown_catalog_is_404_with_reason(client, seeded):
    response = client.get("/api/v1/catalog?catalog=nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_api_lists_catalogs(client, seeded):
    (entry,) = client.get("/api/v1/catalogs").json()
    assert entry["items"] == 77
    assert entry["url"] == "/bodies/zltq-rsj/catalog/zalaite-social-insurance/"


def test_openapi_is_published(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/catalog" in spec["paths"]
