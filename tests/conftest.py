"""Shared fixtures: the seed catalog, synthetic catalogs of any size, and the fixed personas."""

import pytest

from tests.factories import body_named, make_document


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings, monkeypatch):
    """Each test writes generated files into its own folder, never into ./var."""
    settings.DATA_DIR = tmp_path / "var"
    # A publication renders the stored PDFs in a background thread; tests that want it turn it on.
    monkeypatch.setattr("gongkai.portal.pdf_store.RENDER_IN_BACKGROUND", False)
    # Real hashing costs ~0.2 s per persona; the tests are about our code, not PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered afresh so that tests see (and count the queries of) what a page does; the page
    # cache's own tests turn it on with the `page_cache` fixture.
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def page_cache(settings, db):
    """The page cache in the database (the default on PostgreSQL; SQLite's default, files, has its own test)."""
    from django.core.management import call_command

    from gongkai.publishing.caching import RECENT
    from gongkai.settings import _page_cache

    settings.CACHES = {**settings.CACHES, "pages": _page_cache("database")}
    call_command("createcachetable", verbosity=0)  # the test database was set up with SQLite's default
    RECENT.clear()
    yield
    RECENT.clear()


@pytest.fixture
def seeded(db):
    from gongkai.catalog.services import load_seed_if_empty

    load_seed_if_empty(actor_label="test")
    from gongkai.lifeevents.services import load_life_events

    load_life_events()
    from gongkai.catalog.models import Catalog

    return Catalog.objects.get(slug="zalaite-social-insurance")


@pytest.fixture
def bureau(db):
    """The body applications and reports belong to: the seed's bureau, as on a fresh install."""
    from gongkai.catalog.services import seed_body

    return seed_body()


@pytest.fixture
def catalog_of(db):
    """Build and import a synthetic catalog with n items: catalog_of(1000)."""
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import import_catalog

    def build(n_items: int, **kwargs):
        doc = make_document(n_items, **kwargs)
        body = body_named(doc["catalog"]["publisher"])
        import_catalog(doc, body=body, actor_label="test")
        return Catalog.objects.get(area=doc["catalog"]["area"], body=body)

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
def head(db):
    """The head of the disclosure office (机构负责人), who approves extensions (条例第三十三条)."""
    from gongkai.accounts.roles import Role

    return _person("head", Role.DISCLOSURE_OFFICE, Role.OFFICE_HEAD)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role at all."""
    return _person("outsider")


def verify_session(client, user) -> None:
    """Log `user` in on `client` as if with password and phone code (two-step verification passed)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from gongkai.accounts import two_factor

    device = two_factor.confirmed_device(user)
    if device is None:
        device = two_factor.start_enrolment(user)
        device.confirmed = True
        device.save()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
