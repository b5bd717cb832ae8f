"""Encryption of personal data at rest (applicant ID and phone numbers).

Keys come from GONGKAI_DATA_KEYS (comma-separated Fernet keys, newest first) so a key can be rotated:
add a new key in front, run `gongkai rotate_data_key`, then drop the old one. The embedded install
generates a key into the data directory, like the secret key.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from gongkai.conf import env_list, private_file


def _keys() -> list[str]:
    keys = env_list("DATA_KEYS")
    if keys:
        return keys
    if settings.PRODUCTION:
        raise ImproperlyConfigured("GONGKAI_DATA_KEYS must be set in production")
    path = settings.DATA_DIR / "data_key"
    if not path.exists():
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    return [private_file(path, Fernet.generate_key().decode()).read_text().strip()]


@lru_cache(maxsize=1)
def cipher() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in _keys()])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"GONGKAI_DATA_KEYS holds an invalid key: {error}") from None


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("个人信息无法解密：加密密钥不对（GONGKAI_DATA_KEYS）") from None


def rotate(token: str) -> str:
    """Re-encrypt with the newest key."""
    return cipher().rotate(token.encode()).decode() if token else ""


class EncryptedTextField(models.TextField):
    """Stores ciphertext; Python code sees the plain value. Never filterable by value, by design."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def mask_id_number(value: str) -> str:
    """110105********1234: enough for staff to tell two applicants apart, not enough to misuse."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    return (
        value[:3] + "*" * (len(value) - 7) + value[-4:]
        if len(value) >= 7
        else "*" * (len(value) - 4) + value[-4:]
    )
