import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.catalog.exchange import (
    FORMATS,
    MAX_BYTES,
    ExchangeError,
    format_from_path,
    read_document,
    write_document,
)
from gongkai.catalog.exchange.document import fail
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import catalog_document, default_catalog, import_catalog

# Exit status for bad input, distinct from Django's 1 for other command errors (design.md).
BAD_INPUT = 2


class Command(BaseCommand):
    help = "导出或导入公开目录（JSON、CSV、XLSX、DOCX）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出目录")
        export.add_argument("--format", choices=FORMATS, default="json")
        export.add_argument("-o", "--output", help="写入文件（默认输出到屏幕，仅 JSON/CSV）")
        export.add_argument("--catalog", help="目录编号或网址标识（默认第一个目录）")
        export.add_argument("--body", help="公开主体编码：导出这个单位的目录（gongkai bodies list 可查）")
        imp = sub.add_parser("import", help="导入目录：要么全部成功，要么一条不改")
        imp.add_argument("path")
        imp.add_argument("--dry-run", action="store_true", help="只显示会新增、修改、删除什么，不写入")
        imp.add_argument("--format", choices=FORMATS, help="文件格式（默认按扩展名判断）")
        imp.add_argument(
            "--body", help="目录属于哪个公开主体（编码）；平台上只有一个单位时可省略，按目录的发布单位对应"
        )

    def handle(self, *args, action, **options):
        if action == "export":
            self.export(options)
        else:
            self.import_(options)

    def export(self, options):
        catalog = _pick_catalog(options["catalog"], _pick_body(options["body"]))
        data = write_document(catalog_document(catalog), options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"已导出 {catalog.items.count()} 项到 {options['output']}")
        elif options["format"] in ("xlsx", "docx"):
            raise CommandError("XLSX 和 DOCX 是二进制文件，请用 -o 指定输出文件")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def import_(self, options):
        path = Path(options["path"])
        try:
            fmt = options["format"] or format_from_path(path)
            if not path.is_file():
                raise fail(f"找不到文件：{path}")
            if path.stat().st_size > MAX_BYTES:
                raise fail(f"文件太大（超过 {MAX_BYTES // (1024 * 1024)} MB）")
            doc = read_document(path.read_bytes(), fmt)
            plan = import_catalog(
                doc, body=_pick_body(options["body"]), actor_label="命令行导入", dry_run=options["dry_run"]
            )
        except ExchangeError as error:
            self.stderr.write(f"导入失败，数据库未做任何修改：\n{error}")
            sys.exit(BAD_INPUT)
        prefix = (
            "试导入（未写入）："
            if options["dry_run"]
            else ("已导入：" if plan.has_changes else "内容相同，无需修改：")
        )
        self.stdout.write(prefix + "\n" + plan.summary())


def _pick_body(code: str | None) -> Body | None:
    if code is None:
        return None
    body = Body.objects.filter(code=code).first()
    if body is None:
        raise CommandError(f"找不到公开主体：{code}（gongkai bodies list 可查编码）")
    return body


def _pick_catalog(key: str | None, body: Body | None = None) -> Catalog:
    catalogs = Catalog.objects.all() if body is None else body.catalogs.all()
    if key is None:
        catalog = default_catalog() if body is None else catalogs.order_by("position", "id").first()
        if catalog is None:
            where = "" if body is None else f"{body.name}"
            raise CommandError(
                f"{where}还没有任何目录。先运行 gongkai init 或 gongkai catalog import 装入目录。"
            )
        return catalog
    query = catalogs.filter(pk=int(key)) if key.isdigit() else catalogs.filter(slug=key)
    catalog = query.first()
    if catalog is None:
        raise CommandError(f"找不到目录：{key}")
    return catalog
