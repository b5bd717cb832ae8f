import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.roles import Role, has_role
from gongkai.bodies.models import Body
from gongkai.catalog.area_templates import list_templates, start_from_template
from gongkai.catalog.exchange import (
    FORMATS,
    MAX_BYTES,
    ExchangeError,
    Hints,
    format_from_path,
    read_catalog_file,
    write_document,
)
from gongkai.catalog.exchange.document import fail
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import body_for_import, catalog_document, default_catalog, import_catalog

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
        imp.add_argument("path", nargs="?", help="目录文件（用 --template 时不要）")
        imp.add_argument(
            "--template",
            help="不读文件，用某个领域的标准目录模板新建目录（领域名，gongkai catalog templates 可查）",
        )
        imp.add_argument("--dry-run", action="store_true", help="只显示会新增、修改、删除什么，不写入")
        imp.add_argument("--format", choices=FORMATS, help="文件格式（默认按扩展名判断）")
        imp.add_argument(
            "--body", help="目录属于哪个公开主体（编码）；平台上只有一个单位时可省略，按目录的发布单位对应"
        )
        imp.add_argument(
            "--editor",
            metavar="USERNAME",
            help="文件的蒙古文列（一级事项（蒙古文）、二级事项（蒙古文））有改动时，由这位编辑署名提交审核"
            "（要有目录所属单位的编辑权限；不给时有改动的文件不能导入）",
        )

        templates = sub.add_parser("templates", help="列出自带的各领域标准目录模板")
        templates.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, action, **options):
        if action == "export":
            self.export(options)
        elif action == "templates":
            self.templates(options)
        elif options["template"] is not None:
            self.from_template(options)
        else:
            self.import_(options)

    def templates(self, options):
        templates = list_templates()
        if options["json"]:
            rows = [
                {"key": t.key, "area": t.area, "title": t.title, "items": t.items, "source": t.source}
                for t in templates
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for t in templates:
            self.stdout.write(f"{t.area}\t{t.key}\t{t.items} 项\t{t.source}")
        self.stdout.write("用法：gongkai catalog import --template 领域 --body 单位编码")

    def from_template(self, options):
        if options["path"]:
            raise CommandError("--template 和文件只能选一个")
        if options["body"] is None:
            raise CommandError(
                "用模板新建目录要用 --body 指明是哪个单位的目录（gongkai bodies list 可查编码）"
            )
        body = _pick_body(options["body"])
        try:
            plan = start_from_template(
                options["template"], body, actor_label="命令行导入", dry_run=options["dry_run"]
            )
        except ExchangeError as error:
            self.stderr.write(f"导入失败，数据库未做任何修改：\n{error}")
            sys.exit(BAD_INPUT)
        prefix = "试导入（未写入）：" if options["dry_run"] else "已按模板新建："
        self.stdout.write(prefix + "\n" + plan.summary())
        self.stdout.write(
            "模板只有事项名称和公开依据；公开内容、时限、渠道、对象、方式和层级是通用默认值，请核对后再公开。"
        )

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
        if not options["path"]:
            raise CommandError("请给出要导入的文件，或用 --template 领域 从模板新建")
        path = Path(options["path"])
        try:
            fmt = options["format"] or format_from_path(path)
            if not path.is_file():
                raise fail(f"找不到文件：{path}")
            if path.stat().st_size > MAX_BYTES:
                raise fail(f"文件太大（超过 {MAX_BYTES // (1024 * 1024)} MB）")
            body = _pick_body(options["body"])
            editor = _pick_editor(options["editor"])
            # A table without a title is named from the file's name, else from the body and the area.
            hints = Hints(filename=path.name, body=body.name if body else "")
            reading = read_catalog_file(path.read_bytes(), fmt, hints=hints)
            if editor is not None:
                _require_editor(editor, body_for_import(reading.doc["catalog"]["publisher"], body))
            plan = import_catalog(
                reading.doc,
                body=body,
                actor=editor,
                actor_label="命令行导入",
                dry_run=options["dry_run"],
                validated=True,
            )
        except ExchangeError as error:
            self.stderr.write(f"导入失败，数据库未做任何修改：\n{error}")
            for note in error.notes:
                self.stderr.write(f"  提示：{note}")
            sys.exit(BAD_INPUT)
        prefix = (
            "试导入（未写入）："
            if options["dry_run"]
            else ("已导入：" if plan.has_changes else "内容相同，无需修改：")
        )
        self.stdout.write(prefix + "\n" + plan.summary())
        if reading.notes:
            self.stderr.write(f"读表时的推断和整理（{len(reading.notes)} 条，请核对）：")
            for note in reading.notes:
                self.stderr.write(f"  {note}")


def _pick_body(code: str | None) -> Body | None:
    if code is None:
        return None
    body = Body.objects.filter(code=code).first()
    if body is None:
        raise CommandError(f"找不到公开主体：{code}（gongkai bodies list 可查编码）")
    return body


def _pick_editor(username: str | None):
    """The person the changed Mongolian names are drafted and submitted by (`--editor`)."""
    if username is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"找不到用户：{username}（要用在职工作人员的登录名）")
    return user


def _require_editor(user, body: Body) -> None:
    """Checked before anything is read into the database: the editor must be one of the catalog's body."""
    if body.pk is None or not has_role(user, Role.EDITOR, body):
        raise CommandError(
            f"{user.get_username()} 没有{body.name}的编辑权限，不能提交蒙古文名称；数据库未做任何修改"
            "（先在“人员”页面给他编辑权限，或者换一位本单位的编辑）"
        )


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
