"""Fixtures for the operations tests: a known data key, and a database that refuses every connection."""

import pytest
from cryptography.fernet import Fernet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError

from gongkai import crypto

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'


@pytest.fixture
def data_keys():
    """Set GONGKAI_DATA_KEYS for this test (and its child processes): data_keys("new", "old")."""
    patch = pytest.MonkeyPatch()

    def use(*keys: str) -> None:
        patch.setenv("GONGKAI_DATA_KEYS", ",".join(keys))
        crypto.cipher.cache_clear()

    use(Fernet.generate_key().decode())
    yield use
    patch.undo()
    # Later tests must not keep this test's keys in the cached cipher.
    crypto.cipher.cache_clear()


@pytest.fixture
def database_down():
    """Every new cursor fails as if PostgreSQL had stopped; call the returned function to bring it back."""
    patch = pytest.MonkeyPatch()

    def refuse(self):
        raise OperationalError(REFUSED)

    patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    yield patch.undo
    patch.undo()
