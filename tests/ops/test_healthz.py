import pytest


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_says_unavailable_without_a_traceback(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "no-store" in response["Cache-Control"]
    assert b"Traceback" not in response.content
    assert b"Connection refused" not in response.content


@pytest.mark.django_db
def test_healthz_recovers_when_the_database_is_back(client, database_down):
    assert client.get("/healthz").status_code == 503
    database_down()  # the database comes back
    assert client.get("/healthz").status_code == 200


def test_healthz_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405
