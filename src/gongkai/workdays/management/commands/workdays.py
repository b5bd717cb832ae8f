import datetime
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.workdays.calendar import (
    YearRule,
    day_runs,
    load_calendar,
    provisional_notice,
    provisional_wording,
    weekday_name,
)
from gongkai.workdays.schedule_files import ScheduleError, format_from_path, read_schedule
from gongkai.workdays.services import load_schedule

# Exit statuses (design.md): 2 for bad input, 3 for a date that rests on a year not yet loaded.
BAD_INPUT = 2
PROVISIONAL = 3

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "data" / "2026.csv"


class Command(BaseCommand):
    help = "工作日历：推算 N 个工作日后的日期，查看或载入某年的节假日安排。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（DATE 当天不算）")
        add.add_argument("date", help="起算日期，YYYY-MM-DD")
        add.add_argument("n", help="工作日天数，不小于 0 的整数")
        show = sub.add_parser("show", help="查看某年的节假日、调休上班日和全年工作日数")
        show.add_argument("year")
        load = sub.add_parser("load", help="从 CSV 或 ICS 文件载入节假日安排：要么全部成功，要么一条不改")
        load.add_argument("path")
        load.add_argument("--year", help="只载入这一年的日期（文件含多个年份时必须指定）")
        load.add_argument("--source", default="", help="文号或来源，例如 国办发明电〔2025〕7号")
        load.add_argument("--announced-on", help="公布日期，YYYY-MM-DD")
        load.add_argument("--format", choices=["csv", "ics"], help="文件格式（默认按扩展名判断）")
        load.add_argument("--dry-run", action="store_true", help="只检查并显示会改动什么，不写入")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(options)

    def handle_add(self, options):
        start = self.parse_date(options["date"], "起算日期")
        n = options["n"]
        if not n.isascii() or not n.isdigit():
            self.fail(f"工作日天数“{n}”不对，应为不小于 0 的整数")
        try:
            result = load_calendar().add_workdays(start, int(n))
        except ValueError as error:
            self.fail(str(error))
        self.stdout.write(result.date.isoformat())
        if result.provisional:
            self.stderr.write(provisional_notice(result.unknown_years))
            sys.exit(PROVISIONAL)

    def handle_show(self, options):
        year = self.parse_year(options["year"])
        calendar = load_calendar()
        rule = calendar.rule_for(year)
        if rule is None:
            self.show_unknown(year, calendar)
        else:
            self.show_known(rule, calendar)

    def show_known(self, rule: YearRule, calendar):
        year = rule.year
        self.stdout.write(f"{year} 年节假日安排：已知（来源：{rule.source}）")
        self.stdout.write("休息日（节假日）：")
        for name, first, last in day_runs(rule.holidays):
            days = (last - first).days + 1
            span = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
            self.stdout.write(f"  {name or '（未写名称）'}  {span}（{days} 天）")
        self.stdout.write("调休上班日：" if rule.workdays else "调休上班日：无")
        for day, name in sorted(rule.workdays.items()):
            self.stdout.write(f"  {day:%Y-%m-%d}（{weekday_name(day)}）  {name}".rstrip())
        count = calendar.workdays_between(datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31)).count
        self.stdout.write(f"全年工作日：{count} 天")

    def show_unknown(self, year: int, calendar):
        estimate = calendar.workdays_between(
            datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31)
        ).count
        rule = calendar.estimate_for(year)
        self.stdout.write(f"{year} 年的节假日安排尚未载入：跨入这一年的期限都会标为“预计”。")
        if rule.holidays:
            self.stdout.write("《全国年节及纪念日放假办法》规定的法定节假日（已从期限中扣除）：")
            for name, first, last in day_runs(rule.holidays):
                span = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
                self.stdout.write(f"  {name}  {span}（{(last - first).days + 1} 天）")
            how = "按周末和法定节假日推算，调休尚未公布"
        else:
            how = "只按周末推算"
        self.stdout.write(
            f"这一年的工作日目前{how}（约 {estimate} 天，{provisional_wording([year])}）。\n"
            "国务院办公厅公布该年安排后，用以下任一方式载入：\n"
            f"  gongkai workdays load 安排文件.csv --year {year} --source 文号\n"
            f"  或在工作人员页面“节假日安排”（/staff/workdays/{year}/）中标出放假和调休上班日。\n"
            f"文件格式见示例：{EXAMPLE_FILE}"
        )

    def handle_load(self, options):
        path = Path(options["path"])
        announced_on = options["announced_on"] and self.parse_date(options["announced_on"], "公布日期")
        year = options["year"] and self.parse_year(options["year"])
        try:
            if not path.is_file():
                raise ScheduleError.single(f"找不到文件：{path}")
            entries = read_schedule(path.read_bytes(), options["format"] or format_from_path(path))
            year, days = self.pick_year(entries, year)
            report = load_schedule(
                year,
                days,
                announced_on=announced_on or None,
                source=options["source"],
                actor_label="命令行载入",
                dry_run=options["dry_run"],
            )
        except ScheduleError as error:
            self.stderr.write(f"载入失败，数据库未做任何修改：\n{error}")
            sys.exit(BAD_INPUT)
        prefix = "试载入（未写入）：" if options["dry_run"] else "已载入："
        self.stdout.write(prefix + report.summary())
        if report.moves:
            verb = "会变动" if options["dry_run"] else "已重新计算并通知承办人和所属单位的政务公开办"
            self.stdout.write(f"正在办理的期限{verb}（{len(report.moves)} 个）：")
            for move in report.moves:
                owner = f"（承办人：{move.owner}）" if move.owner else "（未分派）"
                self.stdout.write(f"  {move.describe()}{owner}")
        else:
            self.stdout.write("没有正在办理的期限因此改变。")

    def pick_year(self, entries, year: int | None) -> tuple[int, list]:
        """The year to load and its days; a file covering several years needs --year to pick one."""
        by_year: dict[int, list] = {}
        for entry in entries:
            by_year.setdefault(entry.date.year, []).append(entry)
        if year is None and len(by_year) > 1:
            years = "、".join(str(each) for each in sorted(by_year))
            raise ScheduleError.single(f"文件含多个年份（{years}），请用 --year 指定要载入哪一年")
        if year is None:
            [year] = by_year
        if year not in by_year:
            raise ScheduleError.single(f"文件里没有 {year} 年的日期")
        skipped = len(entries) - len(by_year[year])
        if skipped:
            self.stderr.write(f"只载入 {year} 年：跳过了文件中其他年份的 {skipped} 天")
        return year, by_year[year]

    def parse_date(self, value: str, what: str) -> datetime.date:
        if ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                self.fail(f"{what}“{value}”不存在")
        self.fail(f"{what}“{value}”格式不对，应为 YYYY-MM-DD，例如 2026-10-01")

    def parse_year(self, value: str) -> int:
        if not re.fullmatch(r"\d{4}", value):
            self.fail(f"年份“{value}”不对，应为四位数字，例如 2027")
        return int(value)

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(BAD_INPUT)
