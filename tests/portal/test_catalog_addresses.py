"""A catalog's pages live under the body that publishes it (/bodies/<code>/catalog/<slug>/…); the addresses
printed before (QR codes on notice boards, bookmarks) move there permanently."""

import pytest

SEED = "zalaite-social-insurance"
HOME = f"/bodies/zltq-rsj/catalog/{SEED}/"


@pytest.mark.parametrize(
    "old, new",
    [
        (f"/catalog/{SEED}/", HOME),
        (f"/catalog/{SEED}/4/", f"{HOME}4/"),
        (f"/catalog/{SEED}/4/guide.pdf", f"{HOME}4/guide.pdf"),
        (f"/catalog/{SEED}/g/2/", f"{HOME}g/2/"),
        (f"/catalog/{SEED}/levels/0/pack.pdf", f"{HOME}levels/0/pack.pdf"),
        (f"/catalog/{SEED}/download.json", f"{HOME}download.json"),
        (f"/catalog/{SEED}/?print=1", f"{HOME}?print=1"),
    ],
)
def test_old_addresses_move_permanently_to_the_bodys(client, seeded, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_the_pages_link_to_the_new_addresses(client, seeded):
    page = client.get(HOME).content.decode()
    assert f'href="{HOME}4/"' in page and 'href="/catalog/{SEED}' not in page
    assert client.get(f"{HOME}4/").status_code == 200


def test_a_catalog_under_another_body_or_an_unknown_one_is_not_found(client, seeded):
    assert client.get(f"/bodies/someone-else/catalog/{SEED}/").status_code == 404
    assert client.get("/catalog/no-such-catalog/4/").status_code == 404
    assert client.get("/catalog/").status_code == 200  # the installation's first catalog, as before
