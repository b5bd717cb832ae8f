"""Annual-report generation at 100,000 cases against the raw GROUP BY that counts the same cases, in one run.

    .venv/bin/python bench/annual_report.py [--cases 100000] [--runs 5] [--quick] [--json]

Fills a throwaway database (SQLite in a temporary data directory; a temporary PostgreSQL database when
DATABASE_URL is set) with on-request disclosure cases around last year Y, spread over what the report
counts: the six applicant types, cases received in Y and carried over from Y-1, every result row of
section 三 (some still open at the end of Y: carried forward), review and litigation cases with every
outcome, fee notices paid and unpaid, corrections supplied and lapsed; and some cases wholly outside Y
(concluded in Y-1, received in Y+1) that the report must leave out. Rows go in with bulk_create; the
personal data is encrypted as usual, each distinct value once.

At 1,000 cases and again at `--cases` it measures, median of `--runs`:

- baseline: the minimal raw SQL, one GROUP BY over the applications (and one over the review cases)
  counting the same cases by column and row; its figures must equal the report's (exit 1 otherwise);
- compute: `section_three(Y)` and `section_four(Y)` (reports/compute.py);
- report object: what `gongkai report annual Y` builds before rendering (preview_report, report_tables
  once, report_checks, document_for);
- then, at the full size, each output rendered from that object (json, html, xlsx, docx, pdf) and the
  whole CLI command for html.

Every run times the baseline and the steps in turn, so the ratio is taken within the run (these machines
are shared and noisy). It prints the median milliseconds, the median ratio to the baseline and the
queries each step runs (CaptureQueriesContext). The query count of compute and report object must be the
same at both sizes (exit 1 if it grows). `--quick` (2,000 cases, one run) is what
tests/ops/test_bench_import_report.py runs; `--json` prints one JSON object instead of the table. Never a
timed assertion.
"""

import argparse
import datetime
import gc
import io
import json
import random
import statistics
import sys
import time
from contextlib import contextmanager

from _throwaway_db import log, throwaway_database

SMALL = 1_000
BATCH = 2_000
FORMATS = ["json", "html", "xlsx", "docx", "pdf"]

# Shares, roughly as county reports show them: mostly individuals, "unable: not held" the commonest refusal.
APPLICANT_TYPES = {
    "person": 70,
    "commercial": 11,
    "research": 2,
    "nonprofit": 3,
    "legal": 9,
    "other_org": 5,
}
RESULTS = {
    "granted": 32,
    "partial": 9,
    "denied_1": 0.5,
    "denied_2": 1,
    "denied_3": 0.5,
    "denied_4": 3,
    "denied_5": 2,
    "denied_6": 2,
    "denied_7": 1,
    "denied_8": 2,
    "unable_1": 20,
    "unable_2": 4,
    "unable_3": 2,
    "not_handled_1": 3,
    "not_handled_2": 3,
    "not_handled_3": 1,
    "not_handled_4": 1,
    "not_handled_5": 1,
    "other_1": 4,
    "other_2": 2,
    "other_3": 6,
}
REPLY_TYPES = {"granted": "2", "partial": "0", "unable_1": "4", "not_handled_2": "6", "other_3": "0"}
REVIEW_KINDS = {"review": 60, "litigation_direct": 25, "litigation_after_review": 15}
OUTCOMES = {"upheld": 60, "corrected": 15, "other": 10, "pending": 15}
OPEN_STATES = ["in_progress", "in_progress", "awaiting_correction", "consulting", "awaiting_fee"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
ORGANISATIONS = {
    "commercial": "内蒙古{}商贸有限公司",
    "research": "{}农牧业科学研究所",
    "nonprofit": "{}公益服务中心",
    "legal": "内蒙古{}律师事务所",
    "other_org": "{}嘎查村民委员会",
}
REQUESTS = [
    "本旗{}年城乡居民基本养老保险待遇发放情况",
    "{}年工伤认定决定书（本人）",
    "本单位职工{}年社会保险缴费基数核定材料",
    "{}年度失业保险金发放人数及金额",
    "某项目{}年征地补偿安置方案及社保费用落实情况",
    "{}年稳岗返还资金拨付名单",
]


def pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# ---------------------------------------------------------------- generating cases


@contextmanager
def encrypt_each_value_once():
    """bulk_create encrypts every row; the synthetic data repeats a few hundred values, so encrypt those once."""
    from gongkai import crypto

    original = crypto.encrypt
    cache = {}

    def cached(value: str) -> str:
        if value not in cache:
            cache[value] = original(value)
        return cache[value]

    crypto.encrypt = cached
    try:
        yield
    finally:
        crypto.encrypt = original


class Generator:
    """Cases for the report of `year`, deterministic for a given seed; `add(n)` writes n more."""

    def __init__(self, year: int, seed: int = 20251231):
        self.year = year
        self.rng = random.Random(seed)
        self.made = 0
        from gongkai.catalog.services import seed_body

        self.body = seed_body()  # every case goes to the seed's bureau, as on a one-bureau install
        self.id_numbers = [
            f"15222319{70 + i % 30:02d}0{i % 9 + 1}{i % 28 + 1:02d}{i:04d}"[:18] for i in range(400)
        ]
        self.phones = [f"13{5 + i % 5}47{i:06d}"[:11] for i in range(400)]

    def _dates(self) -> tuple[datetime.date, datetime.date | None]:
        """received_on, closed_on: 4% concluded in Y-1, 6% received late in Y-1, 86% in Y, 4% in Y+1."""
        rng, y = self.rng, self.year
        where = rng.random()
        if where < 0.04:
            received = datetime.date(y - 1, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        elif where < 0.10:
            received = datetime.date(y - 1, 10, 1) + datetime.timedelta(days=rng.randrange(92))
        elif where < 0.96:
            received = datetime.date(y, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        else:
            received = datetime.date(y + 1, 1, 1) + datetime.timedelta(days=rng.randrange(60))
        days = min(int(rng.expovariate(1 / 18)) + 2, 90)  # most answered within 20 working days
        closed = received + datetime.timedelta(days=days)
        if where < 0.04:
            closed = min(closed, datetime.date(y - 1, 12, 31))
        elif rng.random() < 0.03 and received.month >= 11:
            closed = None  # still open today
        return received, closed

    def _applicant(self, index: int, kind: str) -> dict:
        rng = self.rng
        if kind == "person":
            name = rng.choice(SURNAMES) + rng.choice("建国秀英志强桂兰海燕春梅宝音其其格巴特尔")
            id_type = "resident_id"
        else:
            name = ORGANISATIONS[kind].format(rng.choice(["兴安", "扎赉特", "音德尔", "乌兰浩特", "科尔沁"]))
            id_type = "credit_code"
        phone = self.phones[index % len(self.phones)]
        return {
            "applicant_type": kind,
            "name": name,
            "contact_person": "" if kind == "person" else rng.choice(SURNAMES) + "经理",
            "id_type": id_type,
            "id_number": self.id_numbers[index % len(self.id_numbers)],
            "phone": phone,
            "phone_last4": phone[-4:],
            "email": f"a{index % 97}@example.cn" if rng.random() < 0.3 else "",
            "address": "内蒙古兴安盟扎赉特旗音德尔镇"
            + rng.choice(["新华路", "人民路", "团结街"])
            + f"{index % 200}号",
            "postcode": "137600",
        }

    def add(self, count: int, progress) -> None:
        from gongkai.inforequests.models import Application, CaseEvent, ReviewCase
        from gongkai.inforequests.services import CODE_ALPHABET, CODE_LENGTH

        rng = self.rng
        for first in range(self.made, self.made + count, BATCH):
            last = min(first + BATCH, self.made + count)
            apps, plans = [], []
            for index in range(first, last):
                received, closed = self._dates()
                result = pick(rng, RESULTS) if closed else ""
                code = "B" + _base32(index).rjust(CODE_LENGTH - 1, CODE_ALPHABET[0])
                kind = pick(rng, APPLICANT_TYPES)
                request = rng.choice(REQUESTS).format(received.year - rng.randrange(3))
                lapsed = result in ("other_1", "other_2")
                apps.append(
                    Application(
                        code=code,
                        body=self.body,
                        **self._applicant(index, kind),
                        description=request,
                        purpose="本人查阅" if kind == "person" else "",
                        delivery_form=rng.choice(["paper", "email", "paper"]),
                        delivery_method=rng.choice(["post", "pickup", "email"]),
                        channel=rng.choice(["online", "online", "in_person", "post", "email"]),
                        received_on=received,
                        status=("closed" if lapsed else "replied") if closed else rng.choice(OPEN_STATES),
                        due_on=received + datetime.timedelta(days=28),
                        result=result,
                        reply_type=""
                        if lapsed or not closed
                        else REPLY_TYPES.get(result, "3" if result.startswith("denied") else "0"),
                        closed_on=closed,
                    )
                )
                plans.append((received, closed, result))
            created = Application.objects.bulk_create(apps)
            events, reviews = [], []
            for app, (received, closed, result) in zip(created, plans, strict=True):
                events.extend(self._events(app, received, closed, result))
                if closed and result not in ("granted", "other_1", "other_2") and rng.random() < 0.05:
                    reviews.append(self._review(app, closed))
            CaseEvent.objects.bulk_create(events)
            ReviewCase.objects.bulk_create(reviews)
            progress.update(last - first)
        self.made += count

    def _events(self, app, received, closed, result) -> list:
        from gongkai.inforequests.models import CaseEvent

        rng = self.rng

        def event(kind, on, **data):
            return CaseEvent(application=app, kind=kind, on=on, data=data)

        day = datetime.timedelta(days=1)
        events = [event("received", received, channel=app.channel)]
        if result == "other_1" or (closed and rng.random() < 0.05):
            events.append(
                event("correction_requested", received + 3 * day, deadline=str(received + 20 * day))
            )
            if result != "other_1":
                events.append(event("correction_received", received + 8 * day))
        if result == "other_2" or (result in ("granted", "partial") and rng.random() < 0.04):
            amount = rng.choice([100, 200, 10 * rng.randrange(12, 60)])
            events.append(event("fee_notice_sent", received + 5 * day, basis="per_page", amount=amount))
            if result != "other_2":
                events.append(event("fee_paid", received + 9 * day))
        if closed:
            if result == "other_1":
                events.append(event("correction_lapsed", closed))
            elif result == "other_2":
                events.append(event("fee_lapsed", closed))
            else:
                events.append(event("replied", closed, result=result, reply_type=app.reply_type))
        return events

    def _review(self, app, closed):
        from gongkai.inforequests.models import ReviewCase

        rng = self.rng
        filed = closed + datetime.timedelta(days=rng.randrange(10, 60))
        outcome = pick(rng, OUTCOMES)
        decided = None if outcome == "pending" else filed + datetime.timedelta(days=rng.randrange(30, 120))
        return ReviewCase(
            application=app, kind=pick(rng, REVIEW_KINDS), filed_on=filed, outcome=outcome, decided_on=decided
        )


def _base32(number: int) -> str:
    from gongkai.inforequests.services import CODE_ALPHABET

    digits = ""
    while True:
        number, digit = divmod(number, 32)
        digits = CODE_ALPHABET[digit] + digits
        if not number:
            return digits


# ---------------------------------------------------------------- the baseline: one GROUP BY per table


def baseline(year: int) -> tuple[dict, dict]:
    """The same figures as sections 三 and 四, counted by the database in one aggregate query each."""
    from django.db import connection

    from gongkai.reports.compute import empty_three, with_sums
    from gongkai.reports.template import RESULT_ROWS, REVIEW_BLOCKS, REVIEW_COLUMNS

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    three = empty_three()
    four = {block: {col: 0 for col, _ in REVIEW_COLUMNS} for block, _ in REVIEW_BLOCKS}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_type, received_on >= %s,"
            " CASE WHEN closed_on <= %s THEN result ELSE '' END, COUNT(*)"
            " FROM inforequests_application"
            " WHERE received_on <= %s AND (closed_on IS NULL OR closed_on >= %s)"
            " GROUP BY 1, 2, 3",
            [start, end, end, start],
        )
        for applicant_type, new, result, count in cursor.fetchall():
            three["new" if new else "carried_over"][applicant_type] += count
            three[result if result in RESULT_ROWS else "carried_forward"][applicant_type] += count
        cursor.execute(
            "SELECT kind, CASE WHEN outcome <> 'pending' AND decided_on <= %s THEN outcome"
            " ELSE 'pending' END, COUNT(*)"
            " FROM inforequests_reviewcase WHERE filed_on BETWEEN %s AND %s GROUP BY 1, 2",
            [end, start, end],
        )
        for kind, outcome, count in cursor.fetchall():
            four[kind][outcome] += count
            four[kind]["total"] += count
    return with_sums(three), four


# ---------------------------------------------------------------- measuring


def compute(year: int):
    from gongkai.reports.compute import section_four, section_three

    return section_three(year), section_four(year)


def report_object(year: int):
    """What `gongkai report annual YEAR` builds before rendering, for a year nobody has opened yet."""
    from gongkai.catalog.services import seed_body
    from gongkai.reports import outputs
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import report_checks, report_tables

    body = seed_body()
    report = AnnualReport.objects.filter(body=body, year=year).first() or outputs.preview_report(year, body)
    tables = report_tables(report)
    report_checks(report, tables)
    return outputs.document_for(report, tables)


def cli_html(year: int) -> str:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", str(year), "--format", "html", stdout=out, stderr=err)
    return out.getvalue()


def measure(steps: dict, runs: int) -> dict:
    """Each step's median milliseconds and median ratio to the baseline timed in the same run.

    `steps` maps names to (function, args), the baseline first. A warm-up call of each counts its queries
    and keeps its result. Every run times all the steps in turn, so a neighbour's load on the shared
    machine falls on the baseline and the step alike.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for name, (step, args) in steps.items():
        with CaptureQueriesContext(connection) as queries:
            result = step(*args)
        figures[name] = {"queries": len(queries.captured_queries), "result": result, "ms": [], "ratio": []}
    base = next(iter(steps))
    for _ in range(runs):
        for name, (step, args) in steps.items():
            gc.collect()
            started = time.perf_counter()
            step(*args)
            figures[name]["ms"].append((time.perf_counter() - started) * 1000)
        for name in steps:
            figures[name]["ratio"].append(figures[name]["ms"][-1] / figures[base]["ms"][-1])
    for entry in figures.values():
        entry["ms"] = statistics.median(entry["ms"])
        entry["ratio"] = statistics.median(entry["ratio"])
    return figures


def measure_size(year: int, runs: int) -> dict:
    figures = measure(
        {
            "baseline": (baseline, (year,)),
            "compute": (compute, (year,)),
            "report": (report_object, (year,)),
        },
        runs,
    )
    three, four = figures["baseline"]["result"]
    result = {}
    for key in ("baseline", "compute", "report"):
        result[f"{key}_ms"] = figures[key]["ms"]
        result[f"{key}_queries"] = figures[key]["queries"]
        if key != "baseline":
            result[f"{key}_ratio"] = figures[key]["ratio"]
    return {
        **result,
        "figures_agree": figures["compute"]["result"] == (three, four),
        "new": three["new"]["total"],
        "carried_over": three["carried_over"]["total"],
        "concluded": three["total"]["total"],
        "carried_forward": three["carried_forward"]["total"],
        "reviews": sum(block["total"] for block in four.values()),
    }


def run(cases: int, runs: int) -> dict:
    from tqdm import tqdm

    with throwaway_database("bench-report") as backend:
        from django.utils import timezone

        from gongkai.inforequests.models import Application, CaseEvent, ReviewCase
        from gongkai.reports import outputs

        year = timezone.localdate().year - 1
        generator = Generator(year)
        sizes = {}
        with (
            encrypt_each_value_once(),
            tqdm(total=cases, unit=" cases", desc="generating", file=sys.stderr) as bar,
        ):
            for size in (SMALL, cases) if cases > SMALL else (cases,):
                generator.add(size - generator.made, bar)
                bar.clear()
                log(f"  measuring at {size:,} cases …")
                sizes[size] = measure_size(year, runs)
                bar.refresh()
        rows = {
            "applications": Application.objects.count(),
            "events": CaseEvent.objects.count(),
            "reviews": ReviewCase.objects.count(),
        }
        log("  rendering …")
        doc = report_object(year)
        steps = {"baseline": (baseline, (year,))}
        steps.update({fmt: (outputs.render, (doc, fmt)) for fmt in FORMATS})
        steps["cli_html"] = (cli_html, (year,))
        figures = measure(steps, runs)
        assert "年度报告" in figures["cli_html"]["result"]
    small = sizes[min(sizes)]
    return {
        "benchmark": "annual_report",
        "backend": backend,
        "year": year,
        "cases": cases,
        "runs": runs,
        "rows": rows,
        "sizes": {str(size): entry for size, entry in sizes.items()},
        "render": {
            fmt: {
                "ms": figures[fmt]["ms"],
                "queries": figures[fmt]["queries"],
                "bytes": len(figures[fmt]["result"]),
                "ratio": figures[fmt]["ratio"],
            }
            for fmt in FORMATS
        },
        "cli_html": {key: figures["cli_html"][key] for key in ("ms", "queries", "ratio")},
        "queries_constant": all(
            entry[key] == small[key]
            for entry in sizes.values()
            for key in ("compute_queries", "report_queries")
        ),
        "figures_agree": all(entry["figures_agree"] for entry in sizes.values()),
    }


def print_table(result: dict) -> None:
    rows = result["rows"]
    print(
        f"\nannual report {result['year']}, {result['backend']}, median of {result['runs']} run(s); "
        f"{rows['applications']:,} applications, {rows['events']:,} events, {rows['reviews']:,} review cases"
    )
    print(f"{'cases':>9}  {'step':<40} {'ms':>9} {'× GROUP BY':>11} {'queries':>8}")
    for size, figures in result["sizes"].items():
        for label, key in (
            ("GROUP BY baseline (raw SQL)", "baseline"),
            ("compute (section_three + section_four)", "compute"),
            ("report object (checks + document_for)", "report"),
        ):
            ratio = 1.0 if key == "baseline" else figures[f"{key}_ratio"]
            print(
                f"{int(size):>9,}  {label:<40} {figures[f'{key}_ms']:>9.1f} {ratio:>11.2f} {figures[f'{key}_queries']:>8}"
            )
    cases = f"{result['cases']:>9,}"
    for fmt, figures in result["render"].items():
        label = f"render {fmt} ({figures['bytes'] / 1000:,.0f} kB)"
        print(f"{cases}  {label:<40} {figures['ms']:>9.1f} {figures['ratio']:>11.2f} {figures['queries']:>8}")
    cli = result["cli_html"]
    label = "gongkai report annual --format html"
    print(f"{cases}  {label:<40} {cli['ms']:>9.1f} {cli['ratio']:>11.2f} {cli['queries']:>8}")
    full = result["sizes"][str(result["cases"])]
    print(
        f"section 三 at {result['cases']:,} cases: new {full['new']:,}, carried over {full['carried_over']:,},"
        f" concluded {full['concluded']:,}, carried forward {full['carried_forward']:,}; section 四: {full['reviews']:,}"
    )
    print(
        "figures agree with the GROUP BY: " + ("yes" if result["figures_agree"] else "NO"),
        "; query count constant: "
        + ("yes" if result["queries_constant"] else "NO (it grows with the cases)"),
        sep="",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="applications in the database")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per step; the median is reported")
    parser.add_argument("--quick", action="store_true", help="2,000 cases, one run (what CI runs)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    cases, runs = (2_000, 1) if args.quick else (args.cases, args.runs)
    if cases < 1 or runs < 1:
        parser.error("--cases and --runs must be positive")
    result = run(cases, runs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
    if not result["figures_agree"]:
        log("the report's figures differ from the GROUP BY's")
    if not result["queries_constant"]:
        log("the report's query count grows with the number of cases")
    return 0 if result["figures_agree"] and result["queries_constant"] else 1


if __name__ == "__main__":
    sys.exit(main())
