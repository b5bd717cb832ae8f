import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.bodies import exchange
from gongkai.bodies.models import Body
from gongkai.bodies.services import body_records, import_bodies
from gongkai.problems import InputError, fail

# Exit status for bad input, as `gongkai catalog import` (design.md).
BAD_INPUT = 2
MAX_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = "公开主体（旗政府、部门、苏木乡镇、嘎查村）名单：导入、列出、导出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入名单（JSON 或 CSV）：要么全部成功，要么一条不改")
        imp.add_argument("path")
        imp.add_argument("--dry-run", action="store_true", help="只显示会新增、修改什么，不写入")
        listing = sub.add_parser("list", help="按上下级列出全部公开主体")
        listing.add_argument("--json", action="store_true", help="输出 JSON（与导出格式相同）")
        export = sub.add_parser("export", help="导出名单")
        export.add_argument("--format", choices=("json", "csv"), default="json")
        export.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(options)

    def do_import(self, options):
        path = Path(options["path"])
        try:
            fmt = exchange.format_from_name(path.name)
            if not path.is_file():
                raise fail(f"找不到文件：{path}")
            if path.stat().st_size > MAX_BYTES:
                raise fail(f"文件太大（超过 {MAX_BYTES // (1024 * 1024)} MB）")
            records = exchange.read(path.read_bytes(), fmt)
            plan = import_bodies(records, actor_label="命令行导入", dry_run=options["dry_run"], fmt=fmt)
        except InputError as error:
            self.stderr.write(f"导入失败，数据库未做任何修改：\n{error}")
            sys.exit(BAD_INPUT)
        prefix = (
            "试导入（未写入）："
            if options["dry_run"]
            else ("已导入：" if plan.has_changes else "内容相同，无需修改：")
        )
        self.stdout.write(prefix + "\n" + plan.summary())

    def do_list(self, options):
        records = body_records()
        if options["json"]:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        if not records:
            self.stdout.write("还没有公开主体。用 gongkai bodies import 名单.json 导入本旗（县）的名单。")
            return
        depth = {body.code: body.depth for body in Body.objects.only("code", "depth")}
        for record in records:
            indent = "  " * (depth[record["code"]] - 1)
            self.stdout.write(f"{indent}{record['name']}（{record['kind']}） {record['code']}")

    def do_export(self, options):
        data = exchange.write(body_records(), options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"已导出 {Body.objects.count()} 个公开主体到 {options['output']}")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
