"""Backups: one .tar holding a database dump and a manifest that says what the dump is.

SQLite is copied with SQLite's online backup API, so the copy is consistent while the site keeps running.
PostgreSQL is dumped with pg_dump's custom format and read back with pg_restore. The manifest records the
engine, the migration state and the dump's SHA-256, so a restore can refuse a file it cannot trust.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from tqdm import tqdm

from gongkai.conf import env_str

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Only files this command named are ever pruned; a hand-named backup in the same folder is left alone.
ARCHIVE_NAME = re.compile(r"^gongkai-(sqlite|postgresql)-\d{8}-\d{6}(-\d+)?\.tar$")
# SQLite copies this many pages (4 KiB each) per step, so the progress bar moves and writers get a turn.
SQLITE_PAGES_PER_STEP = 1024
HASH_CHUNK = 1024 * 1024
SQLITE_BUSY, SQLITE_LOCKED = 5, 6  # result codes of a step that could not proceed
SQLITE_BUSY_LIMIT_SECONDS = 60


class BackupError(Exception):
    """A backup or restore that must stop, with a message for the operator (exit status 2)."""


class ToolError(Exception):
    """pg_dump or pg_restore failed (exit status 1); the message carries its own words."""


def progress(**options) -> tqdm:
    # disable=None: a bar on a terminal, silence in systemd's journal and in tests.
    return tqdm(file=sys.stderr, disable=None, dynamic_ncols=True, **options)


# --- what is being backed up -------------------------------------------------------------------------------


def engine_of(connection) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"不支持备份这种数据库：{connection.vendor}（只支持 SQLite 和 PostgreSQL）")
    return connection.vendor


def applied_migrations(connection) -> dict[str, list[str]]:
    """The migration state recorded in the database, by app; empty for a database never migrated."""
    try:
        applied = MigrationRecorder(connection).applied_migrations()
    except DatabaseError:
        return {}
    state: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        state.setdefault(app, []).append(name)
    return state


def migrations_on_disk() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unknown_migrations(state: dict[str, list[str]]) -> list[str]:
    """Migrations in a backup that this release does not have: the backup comes from a newer release."""
    known = migrations_on_disk()
    return [f"{app}.{name}" for app, names in state.items() for name in names if (app, name) not in known]


def pending_migrations(connection) -> int:
    applied = {(app, name) for app, names in applied_migrations(connection).items() for name in names}
    return len(migrations_on_disk() - applied)


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gongkai")
    except PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with (
        path.open("rb") as handle,
        progress(total=path.stat().st_size, unit="B", unit_scale=True, desc="校验") as bar,
    ):
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
            bar.update(len(chunk))
    return digest.hexdigest()


def build_manifest(connection, dump: Path) -> dict:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "gongkai_version": app_version(),
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "engine": engine_of(connection),
        "database": str(connection.settings_dict["NAME"]),
        "dump": dump.name,
        "size": dump.stat().st_size,
        "sha256": sha256_of(dump),
        "migrations": applied_migrations(connection),
    }


# --- SQLite -----------------------------------------------------------------------------------------------


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, desc: str) -> None:
    """Copy in steps; give up if SQLite reports the database busy for too long instead of retrying forever."""
    stalled_since = None
    with progress(desc=desc, unit="页") as bar:

        def report(status, remaining, total):
            nonlocal stalled_since
            bar.total = total
            bar.n = total - remaining
            bar.refresh()
            if status not in (SQLITE_BUSY, SQLITE_LOCKED):
                stalled_since = None
            elif stalled_since is None:
                stalled_since = time.monotonic()
            elif time.monotonic() - stalled_since > SQLITE_BUSY_LIMIT_SECONDS:
                raise BackupError(
                    f"数据库被其他程序占用超过 {SQLITE_BUSY_LIMIT_SECONDS} 秒，已放弃，请稍后重试"
                )

        source.backup(target, pages=SQLITE_PAGES_PER_STEP, progress=report)


def dump_sqlite(connection, target: Path) -> None:
    """Copy the live database page by page; SQLite restarts the copy itself if another process writes."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        _sqlite_copy(connection.connection, copy, "备份")
        # The copy inherits WAL mode; switching back makes it one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
        result = copy.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        copy.close()
    if result != "ok":
        raise BackupError(f"备份文件自检没有通过：{result}")


def restore_sqlite(connection, dump: Path) -> None:
    """Overwrite the database in place; other connections see the restored content once it is done."""
    source = sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = source.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"备份里的数据库已损坏：{result}")
        connection.ensure_connection()
        _sqlite_copy(source, connection.connection, "恢复")
    finally:
        source.close()


# --- PostgreSQL -------------------------------------------------------------------------------------------


def _version_key(path: Path) -> int:
    name = path.parent.name
    return int(name) if name.isdigit() else 0


def find_pg_tool(name: str) -> str:
    """GONGKAI_PG_BIN first, then the newest /usr/lib/postgresql/N/bin, then PATH.

    pg_dump must be at least as new as the server, and Debian only puts a wrapper on PATH.
    """
    candidates = []
    if configured := env_str("PG_BIN"):
        candidates.append(Path(configured) / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version_key, reverse=True)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}。请安装 PostgreSQL 客户端（apt install postgresql-client-15），"
            "或用 GONGKAI_PG_BIN 指明它所在的目录。"
        )
    return found


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """Connection settings as libpq variables, so the password never shows up in a process list."""
    env = {**os.environ, "LC_MESSAGES": "C", "LANG": "C.UTF-8"}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _worth_showing(line: str) -> bool:
    """--verbose chatter is dropped; errors, warnings and anything unexpected are kept for the operator."""
    tool, _, rest = line.partition(": ")
    if tool not in ("pg_dump", "pg_restore"):
        return bool(line.strip())
    return rest.startswith(("error:", "warning:", "detail:", "hint:"))


def _run_with_progress(command: list[str], env: dict, *, total: int, marker: re.Pattern, desc: str) -> None:
    """Run a verbose pg_* tool, advancing a bar on each table it reports."""
    messages = []
    with progress(total=total or None, desc=desc, unit="表") as bar:
        process = subprocess.Popen(
            command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        for line in process.stderr:
            if marker.search(line):
                bar.update(1)
            elif _worth_showing(line):
                messages.append(line.rstrip())
        returncode = process.wait()
    if returncode != 0:
        detail = "\n".join(messages) or f"退出状态 {returncode}"
        raise ToolError(f"{Path(command[0]).name} 失败：\n{detail}")


def dump_postgresql(connection, target: Path) -> None:
    tables = len(connection.introspection.table_names())
    command = [find_pg_tool("pg_dump"), "--format=custom", "--verbose", "--no-password", f"--file={target}"]
    env = pg_environment(connection.settings_dict)
    _run_with_progress(
        command, env, total=tables, marker=re.compile(r"dumping contents of table"), desc="备份"
    )


def _restore_table_count(pg_restore: str, dump: Path, env: dict) -> int:
    listing = subprocess.run([pg_restore, "--list", str(dump)], env=env, capture_output=True, text=True)
    return listing.stdout.count(" TABLE DATA ")


def restore_postgresql(connection, dump: Path) -> None:
    """pg_restore in one transaction: either the whole backup is in the database or nothing changed."""
    pg_restore = find_pg_tool("pg_restore")
    env = pg_environment(connection.settings_dict)
    # Our own idle connection must not hold anything the restore is about to drop.
    connection.close()
    command = [
        pg_restore,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--verbose",
        "--no-password",
        f"--dbname={connection.settings_dict['NAME']}",
        str(dump),
    ]
    _run_with_progress(
        command,
        env,
        total=_restore_table_count(pg_restore, dump, env),
        marker=re.compile(r"processing data for table"),
        desc="恢复",
    )


DUMPERS = {"sqlite": dump_sqlite, "postgresql": dump_postgresql}
RESTORERS = {"sqlite": restore_sqlite, "postgresql": restore_postgresql}


# --- the archive ------------------------------------------------------------------------------------------


def archive_path(path: Path, engine: str) -> Path:
    """A directory gets a dated file name inside it; anything else is taken as the file name."""
    if not path.is_dir():
        return path
    stem = f"gongkai-{engine}-{timezone.localtime():%Y%m%d-%H%M%S}"
    target, number = path / f"{stem}.tar", 1
    while target.exists():  # two backups in one second
        number += 1
        target = path / f"{stem}-{number}.tar"
    return target


def _private_file(path: Path):
    # Backups hold password hashes and encrypted personal data: readable by the owner only.
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def write_archive(target: Path, manifest: dict, dump: Path) -> None:
    """Write next to the target and rename, so a crash never leaves a half-written backup behind."""
    partial = target.with_name(target.name + ".partial")
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    info = tarfile.TarInfo(MANIFEST_NAME)
    info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
    try:
        with _private_file(partial) as handle:
            with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
                tar.addfile(info, io.BytesIO(body))
                member = tar.gettarinfo(dump, arcname=dump.name)
                member.mode = 0o600
                with dump.open("rb") as data:
                    tar.addfile(member, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _parse_manifest(raw: bytes, source: Path) -> dict:
    try:
        manifest = json.loads(raw)
    except ValueError:
        raise BackupError(f"{source} 里的 {MANIFEST_NAME} 不是有效的 JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} 不是 gongkai 的备份文件")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > FORMAT_VERSION:
        raise BackupError(f"{source} 的备份格式（第 {manifest.get('version')} 版）比本程序新，请用新版本恢复")
    dump = manifest.get("dump")
    if manifest.get("engine") not in DUMP_NAMES or dump != DUMP_NAMES[manifest["engine"]]:
        raise BackupError(f"{source} 的说明文件（{MANIFEST_NAME}）内容不完整")
    return manifest


def _extract_member(tar: tarfile.TarFile, name: str, target: Path, source: Path) -> None:
    """Copy one named regular file out of the archive; never extractall, so no path in it can escape."""
    try:
        member = tar.getmember(name)
    except KeyError:
        raise BackupError(f"{source} 里缺少 {name}") from None
    if not member.isfile():
        raise BackupError(f"{source} 里的 {name} 不是普通文件")
    with tar.extractfile(member) as data, target.open("wb") as out:
        shutil.copyfileobj(data, out, HASH_CHUNK)


def read_backup(source: Path, workdir: Path) -> tuple[dict, Path]:
    """Manifest and dump file from a .tar (unpacked into workdir) or from an unpacked directory."""
    if source.is_dir():
        manifest_file = source / MANIFEST_NAME
        if not manifest_file.is_file():
            raise BackupError(f"{source} 里没有 {MANIFEST_NAME}")
        manifest = _parse_manifest(manifest_file.read_bytes(), source)
        dump = source / manifest["dump"]
        if not dump.is_file():
            raise BackupError(f"{source} 里缺少 {manifest['dump']}")
        return manifest, dump
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    try:
        with tarfile.open(source, mode="r:*") as tar:
            manifest_member = tar.extractfile(MANIFEST_NAME)
            if manifest_member is None:
                raise BackupError(f"{source} 里的 {MANIFEST_NAME} 不是普通文件")
            manifest = _parse_manifest(manifest_member.read(), source)
            dump = workdir / manifest["dump"]
            _extract_member(tar, manifest["dump"], dump, source)
    except KeyError:
        raise BackupError(f"{source} 里没有 {MANIFEST_NAME}，不是 gongkai 的备份文件") from None
    except tarfile.TarError as error:
        raise BackupError(f"{source} 不是完整的 tar 文件：{error}") from None
    return manifest, dump


def verify(manifest: dict, dump: Path, connection) -> None:
    """Refuse a dump whose checksum or engine does not match, before anything is overwritten."""
    if sha256_of(dump) != manifest.get("sha256"):
        raise BackupError("备份文件的校验和不符：文件已损坏或被改动过，没有恢复任何数据。")
    current = engine_of(connection)
    if manifest["engine"] != current:
        raise BackupError(
            f"数据库类型不符：这个备份来自 {ENGINE_LABELS[manifest['engine']]}，"
            f"当前数据库是 {ENGINE_LABELS[current]}。没有恢复任何数据。"
        )


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups that this command named in `directory`."""
    ours = [path for path in directory.iterdir() if ARCHIVE_NAME.match(path.name) and path.is_file()]
    ours.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    removed = ours[keep:]
    for path in removed:
        path.unlink()
    return removed


@contextmanager
def workdir_near(path: Path) -> Iterator[Path]:
    """A scratch directory on the same disk as the backup, not in /tmp, which may be small or a tmpfs."""
    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=path) as scratch:
        yield Path(scratch)
