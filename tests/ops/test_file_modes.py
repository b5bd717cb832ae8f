"""The embedded install's data (names, e-mail addresses, password hashes, keys) is readable by its own system
user only, whatever the umask: the data directory 0700, the database, its WAL files and the keys 0600."""

import json
import os
import stat

from tests.ops.helpers import child_env, gongkai

# Runs in the child: writes through an open connection (SQLite removes -wal and -shm when the last connection
# closes, so their modes are read while it is open) and prints every file's mode.
WRITE_AND_LIST = """
import json, os, stat
from django.conf import settings
from django.db import connection
from gongkai.crypto import cipher
cipher()
with connection.cursor() as c:
    c.execute('CREATE TABLE IF NOT EXISTS t (x)')
    c.execute('INSERT INTO t VALUES (1)')
    data = settings.DATA_DIR
    modes = {name: stat.S_IMODE(os.stat(data / name).st_mode) for name in os.listdir(data)}
    modes['.'] = stat.S_IMODE(os.stat(data).st_mode)
    print(json.dumps(modes))
"""


def _modes(data, **env) -> dict:
    old = os.umask(0o022)  # the usual default: new files 0644, directories 0755
    try:
        done = gongkai(
            "shell", "-c", WRITE_AND_LIST, env=child_env(GONGKAI_DATA_DIR=data, DATABASE_URL=None, **env)
        )
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_new_install_keeps_its_data_to_itself(tmp_path):
    modes = _modes(tmp_path / "var", GONGKAI_DATA_KEYS=None, GONGKAI_SECRET_KEY=None)
    assert modes.pop(".") == 0o700
    expected = {"gongkai.sqlite3", "gongkai.sqlite3-wal", "gongkai.sqlite3-shm", "secret_key", "data_key"}
    assert expected <= set(modes)
    assert {name: oct(mode) for name, mode in modes.items() if mode != 0o600} == {}


def test_an_existing_install_is_closed_on_its_next_start(tmp_path):
    data = tmp_path / "var"
    data.mkdir()
    data.chmod(0o755)
    (data / "gongkai.sqlite3").touch()
    (data / "gongkai.sqlite3").chmod(0o644)
    modes = _modes(data)
    assert modes["."] == 0o700 and modes["gongkai.sqlite3"] == 0o600
    assert stat.S_IMODE((data / "gongkai.sqlite3").stat().st_mode) == 0o600
