"""GET /api/v1/search: the same document as `gongkai search --json`, and reasons instead of errors."""

import json

import pytest
from django.core.management import call_command

from gongkai.search.models import MissedQuery

pytestmark = pytest.mark.django_db


def test_results_are_best_first_with_the_documented_fields(client, seeded):
    body = client.get("/api/v1/search", {"q": "社保卡丢了", "limit": 3}).json()
    assert body["query"] == "社保卡丢了"
    assert len(body["results"]) == 3
    best = body["results"][0]
    assert {"seq", "name", "category", "url", "catalog", "score", "highlight"} <= set(best)
    assert best["seq"] == 75 and best["url"] == "/bodies/zltq-rsj/catalog/zalaite-social-insurance/75/"
    assert best["catalog"] == "zalaite-social-insurance" and best["category"] == "社会保障卡服务"
    assert "<mark>" in best["highlight"]
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_api_and_command_line_return_the_same_document(client, seeded, capsys):
    call_command("search", "领失业金", "--limit", "5", "--json")
    cli = json.loads(capsys.readouterr().out)
    assert client.get("/api/v1/search", {"q": "领失业金", "limit": 5}).json() == cli


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": ""}, 400),
        ({"q": "   "}, 400),
        ({"q": "？！"}, 400),
        ({"q": "退" * 51}, 400),
        ({}, 422),
        ({"q": "退休", "limit": 0}, 422),
        ({"q": "退休", "limit": 101}, 422),
        ({"q": "退休", "limit": "ten"}, 422),
        ({"q": "退休", "catalog": "nope"}, 404),
    ],
)
def test_bad_requests_get_a_reason_never_a_server_error(client, seeded, params, status):
    response = client.get("/api/v1/search", params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_nothing_found_is_an_empty_list_and_is_counted(client, seeded):
    body = client.get("/api/v1/search", {"q": "火星"}).json()
    assert body["results"] == [] and body["total"] == 0
    assert MissedQuery.objects.get(query="火星").count == 1


def test_openapi_documents_the_search_endpoint(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in spec["paths"]
