"""A league platform of about 4,000 bodies: the rolled-up dashboard against one body's, and a scoped staff
list against the unscoped one, measured in one run.

    .venv/bin/python bench/bodies.py [--counties 11] [--runs 7] [--quick] [--json]

Builds, in a throwaway database (SQLite in a temporary data directory; a temporary PostgreSQL database when
DATABASE_URL is set, as `make bench-bodies` does), a league (盟) with `--counties` counties; each county has
30 departments and 20 townships, each township 16 嘎查村 and 社区 (11 counties: 4,303 bodies). Every
department and township carries the seed catalog's 77 items (38,500 items at 11 counties), with three
published guides that were never posted at the service centre (overdue on the dashboard), and three
applications, one of them overdue. Rows go in with bulk_create.

Then, alternating within each run so the machine's noise falls on both sides alike (median of `--runs`):

- dashboard: `/staff/` as a department's office (one body) and as the league's office (the tree rolled up
  over every body) — the ratio is league ÷ department;
- staff list: `/staff/requests/?show=all` as a county's office (filtered by scope) and as a superuser (no
  filter) — the ratio is scoped ÷ unscoped.

It also prints the queries each page ran; the dashboard's must be the same for both (exit 1 otherwise).
`--quick` (2 counties, 2 runs) is what tests/ops/test_bench_bodies.py runs. Never a timed assertion.
"""

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

from _throwaway_db import QueryCounter, log, throwaway_database

DEPARTMENTS = 30
TOWNSHIPS = 20
VILLAGES = 16
GUIDES_PER_CATALOG = 3
APPLICATIONS_PER_BODY = 3
SEED = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "gongkai"
    / "catalog"
    / "seed"
    / "zalaite-social-insurance.json"
)
TODAY = datetime.date(2026, 12, 4)


def _step(number: int) -> str:
    from gongkai.bodies.upgrade import ALPHABET, STEPLEN

    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def build(counties: int) -> dict:
    """The league's bodies, catalogs, guides and applications; returns the bodies the bench logs in to."""
    from gongkai.bodies.models import Body

    rows, kids = [], {}

    def add(parent, code, name, kind):
        index = kids.get(parent.path if parent else "", 0) + 1
        kids[parent.path if parent else ""] = index
        body = Body(
            path=(parent.path if parent else "") + _step(index),
            depth=(parent.depth + 1) if parent else 1,
            numchild=0,
            code=code,
            name=name,
            kind=kind,
        )
        rows.append(body)
        return body

    league = add(None, "league", "某盟行政公署", "人民政府")
    for c in range(1, counties + 1):
        county = add(league, f"c{c}", f"第{c}旗人民政府", "人民政府")
        for d in range(1, DEPARTMENTS + 1):
            add(county, f"c{c}-d{d}", f"第{c}旗第{d}局", "工作部门")
        for t in range(1, TOWNSHIPS + 1):
            town = add(county, f"c{c}-t{t}", f"第{c}旗第{t}镇", "苏木乡镇")
            for v in range(1, VILLAGES + 1):
                add(town, f"c{c}-t{t}-v{v}", f"第{c}旗第{t}镇第{v}嘎查", "嘎查村·社区")
    for body in rows:
        body.numchild = kids.get(body.path, 0)
    Body.objects.bulk_create(rows, batch_size=2000)
    log(f"  {len(rows):,} bodies")
    _catalogs([b for b in Body.objects.filter(kind__in=["工作部门", "苏木乡镇"]).order_by("path")])
    return {
        "league": Body.objects.get(code="league"),
        "county": Body.objects.get(code="c1"),
        "department": Body.objects.get(code="c1-d1"),
    }


def _catalogs(bodies) -> None:
    """The seed catalog's items under every department and township, some guides and applications."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from gongkai.catalog.models import Catalog, Category, Channel, Item, ItemChannel
    from gongkai.guides.models import GuideRevision
    from gongkai.inforequests.models import Application

    seed = json.loads(SEED.read_text(encoding="utf-8"))
    groups = list(dict.fromkeys(item["category"] for item in seed["items"]))
    hall = Channel.objects.create(name="政务服务中心")
    author = User.objects.create(username="bench-author")
    catalogs = Catalog.objects.bulk_create(
        [
            Catalog(
                body=body,
                slug=f"b{body.pk}",
                title=seed["catalog"]["title"],
                area="社会保险",
                publisher=body.name,
                position=index,
            )
            for index, body in enumerate(bodies)
        ],
        batch_size=2000,
    )
    categories = Category.objects.bulk_create(
        [Category(catalog=c, name=name, position=i) for c in catalogs for i, name in enumerate(groups)],
        batch_size=5000,
    )
    by_group = {(c.catalog_id, c.name): c for c in categories}
    items = Item.objects.bulk_create(
        [
            Item(
                catalog=c,
                category=by_group[(c.pk, entry["category"])],
                seq=entry["seq"],
                name=entry["name"],
                time_limit=entry["time_limit"],
                time_limit_days=20,
                subject=c.publisher,
                levels=entry["levels"],
                audience=entry["audience"],
                method=entry["method"],
            )
            for c in catalogs
            for entry in seed["items"]
        ],
        batch_size=5000,
    )
    log(f"  {len(items):,} items in {len(catalogs):,} catalogs")
    ItemChannel.objects.bulk_create(
        [ItemChannel(item=item, channel=hall, position=0) for item in items], batch_size=5000
    )
    published = timezone.now() - datetime.timedelta(days=60)
    GuideRevision.objects.bulk_create(
        [
            GuideRevision(
                item=item,
                number=1,
                state="published",
                content={"summary": "演示"},
                formed_on=TODAY - datetime.timedelta(days=60),
                due_on=TODAY - datetime.timedelta(days=30),
                author=author,
                published_at=published,
            )
            for item in items
            if item.seq <= GUIDES_PER_CATALOG
        ],
        batch_size=5000,
    )
    Application.objects.bulk_create(
        [
            Application(
                code=f"B{body.pk:07d}{n}",
                body=body,
                applicant_type="person",
                name="申请人",
                id_type="resident_id",
                id_number="11010519491231002X",
                phone="13800001234",
                phone_last4="1234",
                description="某年社会保险待遇发放情况",
                delivery_form="paper",
                delivery_method="post",
                channel="online",
                received_on=TODAY - datetime.timedelta(days=40 if n == 0 else 3),
                due_on=TODAY - datetime.timedelta(days=10) if n == 0 else TODAY + datetime.timedelta(days=20),
            )
            for body in bodies
            for n in range(APPLICATIONS_PER_BODY)
        ],
        batch_size=2000,
    )


def _person(name: str, body, *, superuser: bool = False):
    from django.contrib.auth.models import User

    from gongkai.accounts.roles import Role, grant

    user = User.objects.create_user(name, None, None, is_staff=True, is_superuser=superuser)
    if body is not None:
        grant(user, Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER, body=body)
    return user


def _timed(client, url: str) -> tuple[float, int]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return seconds, counter.count


def measure(people: dict, runs: int) -> dict:
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # 'testserver' allowed, mail to memory
    clients = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)
    pairs = {
        "dashboard": (("department", "/staff/"), ("league", "/staff/")),
        "staff list": (("county", "/staff/requests/?show=all"), ("superuser", "/staff/requests/?show=all")),
    }
    for (who, url), (other, url2) in pairs.values():  # warm up: first requests fill caches
        _timed(clients[who], url)
        _timed(clients[other], url2)
    samples = {name: ([], []) for name in pairs}
    queries = {}
    for run in range(runs):
        for name, ((who, url), (other, url2)) in pairs.items():
            order = [(0, who, url), (1, other, url2)]
            for side, person, address in order if run % 2 == 0 else reversed(order):
                seconds, count = _timed(clients[person], address)
                samples[name][side].append(seconds)
                queries[(name, side)] = count
        log(f"  run {run + 1}/{runs}")
    result = {}
    for name, (first, second) in samples.items():
        a, b = statistics.median(first), statistics.median(second)
        result[name] = {
            "ms": [round(a * 1000, 1), round(b * 1000, 1)],
            "ratio": round(b / a if name == "dashboard" else a / b, 2),
            "queries": [queries[(name, 0)], queries[(name, 1)]],
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=11)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="2 counties, 2 runs (what CI runs)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    counties, runs = (2, 2) if args.quick else (args.counties, args.runs)
    with throwaway_database("bench-bodies") as backend:
        from unittest import mock

        from gongkai.bodies.models import Body

        log(f"building a league of {counties} counties on {backend} …")
        places = build(counties)
        people = {
            "department": _person("dept-office", places["department"]),
            "county": _person("county-office", places["county"]),
            "league": _person("league-office", places["league"]),
            "superuser": _person("root", None, superuser=True),
        }
        # The figures are for a fixed day, so overdue and due-soon counts do not depend on the calendar.
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            figures = measure(people, runs)
        result = {"benchmark": "bodies", "backend": backend, "bodies": Body.objects.count(), **figures}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{result['bodies']:,} bodies on {backend}")
        for name, labels in (
            ("dashboard", ("one body", "rolled up")),
            ("staff list", ("scoped", "unscoped")),
        ):
            row = result[name]
            print(
                f"{name}: {labels[0]} {row['ms'][0]} ms, {labels[1]} {row['ms'][1]} ms, ratio {row['ratio']}, "
                f"queries {row['queries'][0]} / {row['queries'][1]}"
            )
    if result["dashboard"]["queries"][0] != result["dashboard"]["queries"][1]:
        log("the rolled-up dashboard ran a different number of queries from one body's")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
