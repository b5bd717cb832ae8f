"""`gongkai report annual YEAR [--body CODE [--rollup]] --format json|docx|xlsx|html|pdf [-o PATH]`.

One body's annual report of a year (the only or top body when none is named); `--rollup` adds up the body
and every body below it, table by table, for the county's summary. A year nobody has opened yet is still
printed, with the figures computed from the records and marked 草稿, so the office can look before it
starts writing.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.bodies.services import default_body
from gongkai.reports import outputs
from gongkai.reports.forms import FIRST_YEAR
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_checks, report_tables

# Exit status for bad input, distinct from Django's 1 for other command errors (as `gongkai catalog`).
BAD_INPUT = 2


class Command(BaseCommand):
    help = "输出政府信息公开工作年度报告（JSON、DOCX、XLSX、HTML、PDF）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        annual = sub.add_parser("annual", help="输出某一年度的年度报告")
        annual.add_argument("year", help="年度，如 2025")
        annual.add_argument("--format", choices=list(outputs.FORMATS), default="json")
        annual.add_argument("-o", "--output", help="写入文件（JSON 和 HTML 默认输出到屏幕）")
        annual.add_argument("--body", help="公开主体编码（默认最上级的单位；gongkai bodies list 可查）")
        annual.add_argument("--rollup", action="store_true", help="汇总这个单位及其下属全部单位的数据")

    def handle(self, *args, action, **options):
        year = self._year(options["year"])
        fmt, output = options["format"], options["output"]
        if fmt in outputs.BINARY_FORMATS and not output:
            self._bad(f"{fmt.upper()} 是二进制文件，请用 -o 指定输出文件，如 -o {year}年度报告.{fmt}")
        body = self._body(options["body"])
        if options["rollup"]:
            data = outputs.render(outputs.rollup_document(body, year), fmt)
            self.stderr.write(
                f"注意：这是{body.name}及其下属单位 {body.subtree().count()} 个单位的汇总数据。"
            )
        else:
            data = outputs.render(self._document(body, year), fmt)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"已写入 {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def _document(self, body, year: int):
        report = AnnualReport.objects.filter(body=body, year=year).first()
        if report is None:
            report = outputs.preview_report(year, body)
            self.stderr.write(f"注意：{year} 年度报告还没有开始编写。以下是按现有记录计算的草稿，仅供查看。")
        elif not report.is_published:
            self.stderr.write(f"注意：{year} 年度报告是草稿，尚未发布。")
        tables = report_tables(report)  # sections 三 and 四 computed once for the checks and the document
        if not report.is_published:
            for failure in report_checks(report, tables):
                self.stderr.write(f"检查未通过：{failure}")
        return outputs.document_for(report, tables)

    def _body(self, code: str | None) -> Body:
        body = Body.objects.filter(code=code).first() if code else default_body()
        if body is None:
            self._bad(
                f"找不到公开主体：{code}（gongkai bodies list 可查编码）" if code else "还没有设置公开主体"
            )
        return body

    def _year(self, text: str) -> int:
        this_year = timezone.localdate().year
        if not text.strip().isdigit():
            self._bad(f"年度要写成四位数字，如 {this_year - 1}（收到的是“{text}”）")
        year = int(text)
        if year < FIRST_YEAR:
            self._bad(f"条例自 {FIRST_YEAR} 年起施行，没有 {year} 年的年度报告")
        if year > this_year:
            self._bad(f"{year} 年还没到，不能输出它的年度报告")
        return year

    def _bad(self, message: str):
        self.stderr.write(message)
        sys.exit(BAD_INPUT)
