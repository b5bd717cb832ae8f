"""Shared fixtures: the seed catalog, synthetic catalogs of any size, and the fixed personas."""

import pytest

from tests.factories import make_document


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings):
    """Each test writes generated files into its own folder, never into ./var."""
    settings.DATA_DIR = tmp_path / "var"
    # Real hashing costs ~0.2 s per persona; the tests are about our code, not PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered afresh so that tests see (and count the queries of) what a page does; the page
    # cache's own tests turn it on with the `page_cache` fixture.
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def page_cache(settings):
    """The page cache as configured by default (the database)."""
    from gongkai.portal.caching import RECENT
    from gongkai.settings import _page_cache

    settings.CACHES = {**settings.CACHES, "pages": _page_cache()}
    RECENT.clear()
    yield
    RECENT.clear()


@pytest.fixture
def seeded(db):
    from gongkai.catalog.services import load_seed_if_empty

    load_seed_if_empty(actor_label="test")
    from gongkai.portal.services import load_life_events

    load_life_events()
    from gongkai.catalog.models import Catalog

    return Catalog.objects.get(slug="zalaite-social-insurance")


@pytest.fixture
def catalog_of(db):
    """Build and import a synthetic catalog with n items: catalog_of(1000)."""
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import import_catalog

    def build(n_items: int, **kwargs):
        doc = make_document(n_items, **kwargs)
        import_catalog(doc, actor_label="test")
        return Catalog.objects.get(area=doc["catalog"]["area"], publisher=doc["catalog"]["publisher"])

    return build


def _person(username: str, *roles):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import grant

    user = User.objects.create_user(
        username, f"{username}@example.org", "a-long-test-password-1", is_staff=True
    )
    grant(user, *roles)
    return user


@pytest.fixture
def editor(db):
    from gongkai.accounts.roles import Role

    return _person("editor", Role.EDITOR)


@pytest.fixture
def reviewer(db):
    from gongkai.accounts.roles import Role

    return _person("reviewer", Role.REVIEWER)


@pytest.fixture
def second_editor(db):
    from gongkai.accounts.roles import Role

    return _person("editor2", Role.EDITOR, Role.REVIEWER)


@pytest.fixture
def officer(db):
    from gongkai.accounts.roles import Role

    return _person("officer", Role.DISCLOSURE_OFFICE, Role.PRIVACY)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role at all."""
    return _person("outsider")
