"""/api/v1/docs works on an intranet: Swagger UI comes from the project's own static files, under the CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_explorer_loads_its_scripts_and_styles_from_our_own_server(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets and "/static/ninja/swagger-ui.css" in assets
    assert all(path.startswith("/static/") for path in assets), assets
    assert "cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html  # no inline script for the CSP to block either


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"])
def test_the_explorer_assets_are_served(client, asset):
    response = client.get(f"/static/ninja/{asset}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100
