"""Search latency at 10k, 100k and 1M items, against a naive LIKE '%q%' scan of the same rows.

    .venv/bin/python bench/search.py [--sizes 10000,100000,1000000] [--budget 1500]
        [--databases sqlite,postgresql] [--keep-database NAME] [--per-query]

Builds synthetic catalogs (many counties' copies of the seed catalog side by side, a quarter of the items
with one of the demo guides) in a temporary SQLite database, and in a temporary PostgreSQL database on the
server DATABASE_URL names, if set. Rows go straight into the tables in batches; the full-text index is
built once at the end of each load. Then a fixed query mix runs through the real `search()` service,
scoped to one catalog (what the portal does) and across all catalogs (the API's default), and the same
queries run as a naive LIKE scan. It prints p50 and p95 in milliseconds and their ratio to the scan,
measured in the same run because these machines are shared and noisy. Never part of the test suite.

The naive scan reads a plain table holding every item's own text (name, group, life-event words, guide,
one character a token), as the search entries did before texts were shared: the baseline is the same rows
and bytes as in earlier runs, whatever search itself stores.

`--databases` picks the databases (default: SQLite, and PostgreSQL when DATABASE_URL is set).
`--keep-database NAME` (PostgreSQL) loads into database NAME on that server and keeps it afterwards; a later
run with the same name adds only the items it lacks, so one size can be measured again and again without
loading a million items each time (a size smaller than what the database holds is measured at what it holds;
`dropdb NAME` when done). `--per-query` also prints each query's p50 and p95, search and scan, per scope.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_CATALOG = ROOT / "src/gongkai/catalog/seed/zalaite-social-insurance.json"
LIFE_EVENTS = ROOT / "src/gongkai/lifeevents/seed/life-events.json"
DEMO_GUIDES = ROOT / "src/gongkai/guides/seed/demo-guides.json"

QUERIES = [
    "社保卡丢了",
    "退休",
    "卡",
    "工伤医药费报销",
    "领失业金",
    "新农保",
    "补缴社保",
    "我爸去世了养老金怎么办",
    "户口簿",  # only in guide text
    "稳岗返还",
    "企业年金备案",
    "火星",  # finds nothing
]
DATABASES = ("sqlite", "postgresql")
SCOPED_RUNS = 9  # per query, each in another county's catalog
GLOBAL_RUNS = 3
PHASE_SECONDS = 240  # stop sampling a phase after this long, whatever the counts
BATCH = 20000
GUIDE_SHARE = 0.25


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the driver: one child process per database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="item counts, comma-separated")
    parser.add_argument("--budget", type=int, default=1500, help="seconds per database before skipping sizes")
    parser.add_argument(
        "--databases", help="comma-separated: sqlite, postgresql (default: both if DATABASE_URL)"
    )
    parser.add_argument("--keep-database", metavar="NAME", help="PostgreSQL: load into NAME and keep it")
    parser.add_argument("--per-query", action="store_true", help="print each query's p50 and p95 as well")
    parser.add_argument("--backend", choices=DATABASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.backend:
        run_backend(args.backend, sizes, args.budget, keep=args.keep_database, per_query=args.per_query)
        return
    if args.databases:
        backends = [name.strip() for name in args.databases.split(",") if name.strip()]
        if unknown := [name for name in backends if name not in DATABASES]:
            parser.error(f"unknown database {', '.join(unknown)}: choose from {', '.join(DATABASES)}")
    else:
        backends = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL") else [])
    if "postgresql" in backends and not os.environ.get("DATABASE_URL"):
        parser.error("PostgreSQL needs DATABASE_URL (run through scripts/with-postgres.sh)")
    for backend in backends:
        log(f"== {backend} ==")
        command = [
            sys.executable,
            __file__,
            "--backend",
            backend,
            "--sizes",
            args.sizes,
            "--budget",
            str(args.budget),
            *(["--keep-database", args.keep_database] if args.keep_database else []),
            *(["--per-query"] if args.per_query else []),
        ]
        subprocess.run(command, check=True)


def run_backend(
    backend: str, sizes: list[int], budget: int, keep: str | None = None, per_query: bool = False
) -> None:
    deadline = time.monotonic() + budget
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
        os.environ["GONGKAI_DATA_DIR"] = folder
        admin_url = os.environ.pop("DATABASE_URL", "")
        database = None
        if backend == "postgresql":
            database, url = _create_pg_database(admin_url, keep)
            os.environ["DATABASE_URL"] = url
            if keep:
                database = None  # not dropped at the end
        try:
            _setup_django()
            print(f"\n{backend}: p50 / p95 in ms; ratio = search ÷ naive LIKE scan (below 1 is faster)")
            print(
                f"{'items':>9} {'scope':<9} {'search p50':>11} {'p95':>8} {'LIKE p50':>9} {'p95':>8} {'ratio p50':>10} {'p95':>6}"
            )
            across = {}
            for size in sizes:
                if time.monotonic() > deadline:
                    log(f"skipping {size} items: the time budget is spent")
                    continue
                across[size] = _bench_size(backend, size, deadline, per_query)
            _print_goals(across)
        finally:
            if database:
                from django.db import connections

                connections.close_all()
                _drop_pg_database(admin_url, database)


def _create_pg_database(admin_url: str, keep: str | None = None) -> tuple[str, str]:
    """A database for this run (or the kept one, created if it is not there yet): its name and URL."""
    import psycopg

    name = keep or f"gongkai_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    return name, f"{base}/{name}"


def _drop_pg_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# ---------------------------------------------------------------- synthetic catalogs, straight into the tables


class Templates:
    """The seed's 77 items as search entries, built once with the real index code, copied per county."""

    def __init__(self):
        from gongkai.catalog.models import Catalog, Category, Item
        from gongkai.search.index import build_entry

        seed = json.loads(SEED_CATALOG.read_text(encoding="utf-8"))
        self.catalog = seed["catalog"]
        self.groups = list(dict.fromkeys(entry["category"] for entry in seed["items"]))
        self.items = seed["items"]
        hints = {}
        for event in json.loads(LIFE_EVENTS.read_text(encoding="utf-8"))["events"]:
            for seq, when in event["steps"]:
                hints.setdefault(seq, []).extend([event["name"], when])
        guides = [g["content"] for g in json.loads(DEMO_GUIDES.read_text(encoding="utf-8"))["guides"]]
        self.entries = {}  # (seq, guide index or None) → SearchEntry template
        for entry in self.items:
            category = Category(name=entry["category"], position=self.groups.index(entry["category"]))
            item = Item(
                seq=entry["seq"], name=entry["name"], levels=entry["levels"], audience=entry["audience"]
            )
            item.category = category
            item.catalog = Catalog(position=0)
            for guide in (None, *range(len(guides))):
                content = guides[guide] if guide is not None else None
                self.entries[entry["seq"], guide] = build_entry(
                    item, guide=content, hints=hints.get(entry["seq"], [])
                )
        self.guide_count = len(guides)


def _columns(model, skip=()) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def _insert(cursor, model, rows: list[tuple]) -> None:
    _insert_rows(cursor, model._meta.db_table, _columns(model), rows)


def _insert_rows(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    if not rows:
        return
    if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs for a million rows
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _values(obj) -> tuple:
    from django.db import connection

    return tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in obj._meta.concrete_fields)


NAIVE_TABLE = "bench_naive_text"
NAIVE_FIELDS = ("name_chars", "group_chars", "hint_chars", "guide_chars")


def _naive_table(cursor) -> None:
    """The baseline's table: each item's text, one character a token, as the naive design would keep it."""
    text = "TEXT NOT NULL"
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {NAIVE_TABLE} (id BIGINT PRIMARY KEY, catalog_id BIGINT NOT NULL, "
        f"seq INTEGER NOT NULL, is_public BOOLEAN NOT NULL, {', '.join(f'{f} {text}' for f in NAIVE_FIELDS)})"
    )
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {NAIVE_TABLE}_catalog ON {NAIVE_TABLE} (catalog_id, seq)")


def _naive_text(entry) -> tuple:
    """The template's four fields in the one-character form (from its stored pairs: every pair's first
    character, then the last one)."""
    fields = []
    text = entry.pending_text
    for name in ("name_grams", "group_grams", "hint_grams", "guide_grams"):
        tokens = getattr(text, name).split(" ") if getattr(text, name) else []
        chars = [token[0] for token in tokens]
        fields.append(" ".join(chars))
    return tuple(fields)


def _store_texts(templates: Templates) -> dict:
    """Every template's text, once; returns template key → text id."""
    from django.db import transaction

    from gongkai.search.index import _text_ids

    texts = {entry.pending_text.key: entry.pending_text for entry in templates.entries.values()}
    with transaction.atomic():
        ids = _text_ids(texts)
    return {key: ids[entry.pending_text.key] for key, entry in templates.entries.items()}


def _load(size: int) -> int:
    """Add counties' catalogs until the database holds `size` items; returns the number of catalogs (more
    than `size` needs when a kept database already holds more)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.bodies.models import Body
    from gongkai.catalog.models import Catalog, Category, Item
    from gongkai.search.models import SearchEntry

    templates = Templates()
    per_catalog = len(templates.items)
    have = Catalog.objects.count()
    # One body holds every synthetic county's catalog: search across catalogs does not look at bodies.
    body = Body.objects.filter(code="bench").first() or Body.objects.add_root(
        instance=Body(code="bench", name="测试平台", kind="其他")
    )
    want = -(-size // per_catalog)
    if have >= want:  # a kept database (--keep-database) that holds enough already
        if have > want:
            log(f"  the database holds {have * per_catalog:,} items already: measuring those")
        if connection.vendor == "postgresql":  # a load stopped before its index was built again
            from gongkai.search import fts

            with connection.cursor() as cursor:
                for sql in fts.POSTGRESQL_INSTALL:
                    cursor.execute(sql)
        return have
    rng = random.Random(size)
    now = timezone.now()
    started = time.monotonic()
    with connection.cursor() as cursor:
        _pause_index(cursor)
        _naive_table(cursor)
    text_ids = _store_texts(templates)
    naive_texts = {key: _naive_text(entry) for key, entry in templates.entries.items()}
    for first in range(have, want, max(1, BATCH // per_catalog)):
        last = min(want, first + max(1, BATCH // per_catalog))
        catalogs, categories, items, entries, naive = [], [], [], [], []
        for k in range(first, last):
            county = f"第{k + 1}县"
            catalog = Catalog(
                id=k + 1,
                body_id=body.pk,
                slug=f"bench-{k + 1}",
                title=templates.catalog["title"],
                area=f"社会保险{k + 1}",
                publisher=f"{county}人力资源和社会保障局",
                audience_options=templates.catalog["audience_options"],
                method_options=templates.catalog["method_options"],
                level_options=templates.catalog["level_options"],
                position=k,
                updated_at=now,
            )
            catalogs.append(_values(catalog))
            for position, group in enumerate(templates.groups):
                categories.append(
                    _values(
                        Category(id=k * 9 + position + 1, catalog_id=k + 1, name=group, position=position)
                    )
                )
            for index, source in enumerate(templates.items):
                item_id = k * per_catalog + index + 1
                category_id = k * 9 + templates.groups.index(source["category"]) + 1
                item = Item(
                    id=item_id,
                    catalog_id=k + 1,
                    category_id=category_id,
                    seq=source["seq"],
                    name=source["name"],
                    elements=source["elements"],
                    time_limit=source["time_limit"],
                    time_limit_days=20,
                    subject=f"{county}人力资源和社会保障局",
                    audience=source["audience"],
                    method=source["method"],
                    levels=source["levels"],
                    warnings=source["warnings"],
                )
                items.append(_values(item))
                guide = rng.randrange(templates.guide_count) if rng.random() < GUIDE_SHARE else None
                key = (source["seq"], guide)
                template = templates.entries[key]
                entry = SearchEntry(
                    id=item_id,
                    item_id=item_id,
                    catalog_id=k + 1,
                    category_id=category_id,
                    seq=source["seq"],
                    catalog_position=k,
                    text_id=text_ids[key],
                    levels=template.levels,
                    is_public=template.is_public,
                    has_guide=template.has_guide,
                    updated_at=now,
                )
                entries.append(_values(entry))
                naive.append((item_id, k + 1, source["seq"], template.is_public, *naive_texts[key]))
        with transaction.atomic(), connection.cursor() as cursor:
            _insert(cursor, Catalog, catalogs)
            _insert(cursor, Category, categories)
            _insert(cursor, Item, items)
            _insert(cursor, SearchEntry, entries)
            _insert_rows(cursor, NAIVE_TABLE, ["id", "catalog_id", "seq", "is_public", *NAIVE_FIELDS], naive)
        done = last * per_catalog
        rate = (done - have * per_catalog) / max(time.monotonic() - started, 1e-6)
        log(f"  loaded {done:,} items ({rate:,.0f}/s)")
    log("  building the full-text index …")
    index_started = time.monotonic()
    with connection.cursor() as cursor:
        _resume_index(cursor)
    log(f"  full-text index built in {time.monotonic() - index_started:.0f} s")
    _fix_sequences()
    return want


def _pause_index(cursor) -> None:
    """Bulk loads go faster with the index built once afterwards than row by row."""
    from django.db import connection

    from gongkai.search import fts

    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA synchronous=OFF")
        for sql in fts.SQLITE_UNINSTALL:
            cursor.execute(sql)
    else:
        cursor.execute("DROP INDEX IF EXISTS search_text_document")


def _resume_index(cursor) -> None:
    from django.db import connection

    from gongkai.search import fts

    if connection.vendor == "sqlite":
        for sql in fts.SQLITE_INSTALL:  # triggers back, then 'rebuild' indexes every row
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    else:
        for sql in fts.POSTGRESQL_INSTALL:
            cursor.execute(sql)
        # VACUUM as well: what autovacuum does to a real install within a minute of an import. Without it
        # the measurements raced autovacuum working through the million rows just written, and until it
        # had, index-only scans read the table for every row (no visibility map yet).
        cursor.execute("VACUUM ANALYZE")


def _fix_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from gongkai.catalog.models import Catalog, Category, Item
    from gongkai.search.models import SearchEntry, SearchText

    models = [Catalog, Category, Item, SearchEntry, SearchText]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


# ---------------------------------------------------------------- measuring


def _naive(cursor, query: str, catalog_id: int | None) -> None:
    """What the portal did before: LIKE '%q%' over the same text, first page plus a count."""
    from gongkai.search.text import spaced

    pattern = "%" + spaced(query) + "%"
    scope = "catalog_id = %s AND " if catalog_id else ""
    where = f"{scope}is_public AND (name_chars LIKE %s OR group_chars LIKE %s OR hint_chars LIKE %s OR guide_chars LIKE %s)"
    params = ([catalog_id] if catalog_id else []) + [pattern] * 4
    cursor.execute(f"SELECT id FROM {NAIVE_TABLE} WHERE {where} ORDER BY catalog_id, seq LIMIT 10", params)
    cursor.fetchall()
    cursor.execute(f"SELECT count(*) FROM {NAIVE_TABLE} WHERE {where}", params)
    cursor.fetchone()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _measure(label: str, runs: int, catalogs: int, scoped: bool, size: int, detail: bool = False) -> dict:
    from django.db import connection

    from gongkai.catalog.models import Catalog
    from gongkai.search.services import search
    from gongkai.search.understanding import Lexicon

    rng = random.Random(7)
    lexicon = Lexicon.load()
    ours, naive = [], []
    per_query = {query: ([], []) for query in QUERIES}
    started = time.monotonic()
    with connection.cursor() as cursor:
        for query in QUERIES:  # warm the caches once per query
            search(query, lexicon=lexicon, catalog=Catalog(pk=1) if scoped else None)
            _naive(cursor, query, 1 if scoped else None)
        for run in range(runs):
            for query in QUERIES:
                catalog_id = rng.randint(1, catalogs) if scoped else None
                catalog = Catalog(pk=catalog_id) if scoped else None
                t0 = time.perf_counter()
                search(query, lexicon=lexicon, catalog=catalog, limit=10)
                t1 = time.perf_counter()
                _naive(cursor, query, catalog_id)
                t2 = time.perf_counter()
                ours.append((t1 - t0) * 1000)
                naive.append((t2 - t1) * 1000)
                per_query[query][0].append(ours[-1])
                per_query[query][1].append(naive[-1])
            if time.monotonic() - started > PHASE_SECONDS:
                log(f"  {label}: stopped after {run + 1} rounds (phase time limit)")
                break
    o50, o95 = _percentiles(ours)
    n50, n95 = _percentiles(naive)
    figures = {"p50": o50, "p95": o95, "like_p50": n50, "like_p95": n95}
    print(
        f"{size:>9,} {label:<9} {o50:>11.1f} {o95:>8.1f} {n50:>9.1f} {n95:>8.1f} {o50 / n50:>10.2f} {o95 / n95:>6.2f}",
        flush=True,
    )
    if detail:
        for query, (searched, scanned) in per_query.items():
            s50, s95 = _percentiles(searched)
            l50, l95 = _percentiles(scanned)
            print(f"{'':>9}   {query:<14} {s50:>9.1f} {s95:>8.1f} {l50:>9.1f} {l95:>8.1f}", flush=True)
    return figures


def _bench_size(backend: str, size: int, deadline: float, per_query: bool = False) -> dict:
    log(f"-- {size:,} items on {backend}")
    catalogs = _load(size)
    per_catalog = len(json.loads(SEED_CATALOG.read_text(encoding="utf-8"))["items"])
    if catalogs > -(-size // per_catalog):  # a kept database that held more
        size = catalogs * per_catalog
    if time.monotonic() > deadline:
        log("  time budget spent after loading; measuring one round only")
    runs_scoped = SCOPED_RUNS if time.monotonic() < deadline else 1
    runs_global = GLOBAL_RUNS if time.monotonic() < deadline else 1
    _measure("1 catalog", runs_scoped, catalogs, True, size, per_query)
    return _measure("all", runs_global, catalogs, False, size, per_query)


def _print_goals(across: dict[int, dict]) -> None:
    """Issue 17's goals across all catalogs, from this run: the largest size's p95 against the smallest's,
    and how many times faster than the LIKE scan search is at the largest size."""
    if len(across) < 2:
        return
    small, large = min(across), max(across)
    growth = across[large]["p95"] / across[small]["p95"]
    faster50 = across[large]["like_p50"] / across[large]["p50"]
    faster95 = across[large]["like_p95"] / across[large]["p95"]
    print(
        f"all catalogs: p95 at {large:,} items is {growth:.2f}× the p95 at {small:,} (goal ≤ 3); "
        f"at {large:,} items search is {faster50:.1f}× (p50) and {faster95:.1f}× (p95) faster than the "
        "LIKE scan (goal ≥ 50×)",
        flush=True,
    )


if __name__ == "__main__":
    main()
