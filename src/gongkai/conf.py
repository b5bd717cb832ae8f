"""Typed readers for GONGKAI_* environment variables.

Each reader refuses a malformed value at start-up instead of letting a typo turn into a silent default.
"""

import ipaddress
import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PREFIX = "GONGKAI_"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    return os.environ.get(PREFIX + name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


def env_networks(name: str) -> list:
    """A comma-separated list of addresses or networks (127.0.0.1, 10.0.0.0/8, ::1)."""
    networks = []
    for part in env_list(name):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{PREFIX}{name} must list IP addresses or networks such as 127.0.0.1 or 10.0.0.0/8, not {part!r}"
            ) from None
    return networks


def env_matching(name: str, pattern: str, example: str) -> str:
    """A text value that must look like `pattern` (the whole value), or empty when unset."""
    value = env_str(name)
    if value and not re.fullmatch(pattern, value):
        raise ImproperlyConfigured(f"{PREFIX}{name} should look like {example!r}, not {value!r}")
    return value


def env_url(name: str) -> str:
    """An http(s) address, or empty when unset."""
    return env_matching(name, r"https?://\S+", "https://…")


def data_dir() -> Path:
    """Where the SQLite file and generated files live: ./var unless GONGKAI_DATA_DIR says otherwise."""
    return Path(env_str("DATA_DIR", "var")).expanduser().resolve()


def private_dir(path: Path) -> Path:
    """A directory only this system user can enter (0700), made if missing and tightened if it already was
    looser (installations created before this rule keep working, now closed)."""
    path.mkdir(parents=True, exist_ok=True)
    if path.stat().st_uid == os.getuid():  # another user's directory (a shared mount) is theirs to close
        path.chmod(0o700)
    return path


def private_file(path: Path, text: str | None = None) -> Path:
    """A file only this system user can read (0600). Created with that mode, never widened in between, so a
    secret is not readable by others even for a moment; an existing file is tightened."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(text or "")
    path.chmod(0o600)
    return path
