"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

One browser per session, a fresh context (cookies, viewport, JavaScript switch) per test. The seed catalog,
its life events and one published guide (item 4, 职工参保登记) are loaded inside each test, because the
live server only sees committed rows (`transactional_db`).
"""

import datetime
import os
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, SEED

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _staff(username: str, *roles):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import grant

    # No password: hashing one costs about half a second, and nobody logs in as them here.
    user = User.objects.create_user(username, f"{username}@example.org", None, is_staff=True)
    grant(user, *roles)
    return user


@pytest.fixture
def site(transactional_db, live_server):
    """The seed catalog with life events and a published guide for item 4; returns the live server's URL."""
    from gongkai.accounts.roles import Role
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import load_seed_if_empty
    from gongkai.lifeevents.services import load_life_events
    from tests.guides.helpers import publish

    load_seed_if_empty(actor_label="test")
    load_life_events()
    catalog = Catalog.objects.get(slug=SEED)
    editor = _staff("editor", Role.EDITOR)
    reviewer = _staff("reviewer", Role.REVIEWER)
    publish(catalog.items.get(seq=4), editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (scripts/system-packages.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open a fresh context: new_context(viewport=PHONE, java_script_enabled=False); all closed after."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "zh-CN")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop context."""
    return new_context().new_page()
