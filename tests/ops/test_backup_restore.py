"""`gongkai backup` and `gongkai restore`, on whichever database the suite runs on (SQLite or PostgreSQL)."""

import datetime
import io
import json
import os
import secrets
import tarfile
import time
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.ops import backup
from tests.guides.helpers import publish
from tests.inforequests.helpers import received
from tests.ops.helpers import child_env, child_snapshot, gongkai, snapshot


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def populated(seeded, editor, reviewer, officer, data_keys):
    """The seed catalog, one published guide and two applications with encrypted personal data."""
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=datetime.date(2026, 9, 18))
    received(officer, datetime.date(2026, 10, 9))
    received(
        officer, datetime.date(2026, 10, 12), name="李四", phone="13900005678", id_number="150000199001011234"
    )
    return seeded


def archive_members(path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_exactly_what_was_backed_up(populated, tmp_path):
    # GIVEN a backup of a database with a catalog, a guide and applications
    before = snapshot()
    assert before["applications"] == 2 and before["guides"] == 1
    archive = tmp_path / "nightly.tar"
    assert "已写入备份" in run("backup", str(archive))
    # WHEN everything is wiped and the backup restored
    call_command("flush", interactive=False, verbosity=0)
    assert snapshot()["applications"] == 0
    assert "恢复完成" in run("restore", str(archive), "--noinput")
    # THEN the catalog export and every count are as before
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database(populated, tmp_path):
    """End to end through the console script: a new, empty database (no tables at all) gets the backup."""
    before = snapshot()
    archive = tmp_path / "nightly.tar"
    run("backup", str(archive))
    with empty_database(tmp_path) as env:
        result = gongkai("restore", str(archive), "--noinput", env=env)
        assert result.returncode == 0, result.stderr
        assert "恢复完成" in result.stdout
        assert "gongkai migrate" not in result.stdout  # same migration state as the backup
        assert child_snapshot(env) == before


class empty_database:
    """A child-process environment whose database is new and empty: a fresh SQLite file, or a new PG database."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.name = None

    def __enter__(self) -> dict:
        if connection.vendor == "sqlite":
            return child_env(DATABASE_URL=None, GONGKAI_DATA_DIR=self.tmp_path / "empty")
        self.name = f"gongkai_restore_{secrets.token_hex(4)}"
        self._admin(f'CREATE DATABASE "{self.name}"')
        return child_env(DATABASE_URL=self._url(self.name), GONGKAI_DATA_DIR=self.tmp_path / "empty")

    def __exit__(self, *exc):
        if self.name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @staticmethod
    def _params() -> dict:
        s = connection.settings_dict
        return {"host": s["HOST"], "port": s["PORT"], "user": s["USER"], "password": s["PASSWORD"]}

    def _admin(self, sql: str) -> None:
        import psycopg

        params = {key: value for key, value in self._params().items() if value}
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(sql)

    def _url(self, name: str) -> str:
        p = self._params()
        auth = quote(p["user"] or "") + (":" + quote(p["password"]) if p["password"] else "")
        return f"postgres://{auth}@{p['host'] or 'localhost'}:{p['port'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_the_backup_is_one_tar_with_a_manifest(tmp_path):
    archive = tmp_path / "b.tar"
    run("backup", str(archive))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    members = archive_members(archive)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "gongkai-backup"
    assert manifest["version"] == 1
    assert manifest["engine"] == connection.vendor
    assert manifest["dump"] in members
    assert manifest["sha256"] == __import__("hashlib").sha256(members[manifest["dump"]]).hexdigest()
    assert "catalog" in manifest["migrations"]
    assert datetime.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None


@pytest.mark.django_db(transaction=True)
def test_a_directory_gets_dated_names_and_keeps_the_newest(tmp_path):
    old = []
    for day in (1, 2, 3):
        path = tmp_path / f"gongkai-sqlite-2026010{day}-020000.tar"
        path.write_bytes(b"old")
        os.utime(path, (time.time() - 86400 * (10 - day),) * 2)
        old.append(path)
    mine = tmp_path / "before-upgrade.tar"
    mine.write_bytes(b"kept: not named by the command")
    output = run("backup", str(tmp_path), "--keep", "2")
    new = [p for p in tmp_path.glob(f"gongkai-{connection.vendor}-*.tar") if p not in old]
    assert len(new) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tar") == sorted(
        [new[0].name, old[2].name, mine.name]
    )
    assert "已删除旧备份" in output


def _fake_backup(tmp_path, *, engine=None, sha256=None, migrations=None):
    """A well-formed archive whose manifest says whatever the test needs."""
    engine = engine or connection.vendor
    dump = tmp_path / backup.DUMP_NAMES[engine]
    dump.write_bytes(b"not really a database")
    manifest = {
        "format": backup.FORMAT,
        "version": backup.FORMAT_VERSION,
        "created_at": "2026-11-01T02:30:00+08:00",
        "engine": engine,
        "dump": dump.name,
        "sha256": sha256 or backup.sha256_of(dump),
        "migrations": migrations or {},
    }
    archive = tmp_path / "fake.tar"
    backup.write_archive(archive, manifest, dump)
    dump.unlink()
    return archive


def _refused(*args) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run("restore", *args, "--noinput")
    assert caught.value.returncode == 2
    return caught.value


def test_restore_refuses_another_engine(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    error = _refused(str(_fake_backup(tmp_path, engine=other)))
    assert "数据库类型不符" in str(error)
    assert "没有恢复任何数据" in str(error)


def test_restore_refuses_a_damaged_file(tmp_path):
    error = _refused(str(_fake_backup(tmp_path, sha256="0" * 64)))
    assert "校验和不符" in str(error)


def test_restore_refuses_a_backup_from_a_newer_release(tmp_path):
    archive = _fake_backup(tmp_path, migrations={"catalog": ["0001_initial", "9999_from_the_future"]})
    assert "catalog.9999_from_the_future" in str(_refused(str(archive)))


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"hello")
    assert "tar" in str(_refused(str(junk)))
    assert "找不到备份文件" in str(_refused(str(tmp_path / "missing.tar")))


def test_restore_accepts_an_unpacked_directory(tmp_path):
    """The same checks apply to a backup unpacked by hand (here: it is refused for its checksum)."""
    archive = _fake_backup(tmp_path, sha256="1" * 64)
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    for name, body in archive_members(archive).items():
        (unpacked / name).write_bytes(body)
    assert "校验和不符" in str(_refused(str(unpacked)))
