import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog
from gongkai.search.coverage import search_covered
from gongkai.search.index import rebuild_index
from gongkai.search.services import MAX_LIMIT, QueryError, clean_query

# Exit status for a query that cannot be searched, as for bad input elsewhere (design.md).
BAD_INPUT = 2


class Command(BaseCommand):
    help = "查找办事事项（与网站的查找相同）；--reindex 重建查找索引。"

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", help="要查找的字词，例如：社保卡丢了")
        parser.add_argument("--limit", type=int, default=10, help=f"最多列出几项（1–{MAX_LIMIT}，默认 10）")
        parser.add_argument("--json", action="store_true", help="输出 JSON（与 GET /api/v1/search 相同）")
        parser.add_argument("--catalog", help="只查这个目录（网址标识）；默认查全部目录")
        parser.add_argument(
            "--body", help="只查这个公开主体及其全部下级的目录（编码，见 gongkai bodies list）"
        )
        parser.add_argument("--reindex", action="store_true", help="从目录和已发布的办事指南重建查找索引")

    def handle(self, *args, **options):
        query, limit = options["query"], options["limit"]
        if options["reindex"]:
            count = rebuild_index()
            self.stderr.write(f"已重建查找索引：{count} 项")
            if query is None:
                return
        if query is None:
            raise CommandError("请写上要查找的字词，例如：gongkai search 社保卡丢了")
        if not 1 <= limit <= MAX_LIMIT:
            self._refuse(f"--limit 应在 1 到 {MAX_LIMIT} 之间")
        try:
            query = clean_query(query)
        except QueryError as error:
            self._refuse(str(error))
        result, coverage = search_covered(
            query, catalog=_catalog(options["catalog"]), body=_body(options["body"]), limit=limit
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_document(), ensure_ascii=False, indent=2))
        elif not coverage.covered:
            where = "".join(f"“{what}”请找{place}；" for what, place in coverage.referrals)
            self.stdout.write(
                f"本站没有“{'”“'.join(coverage.missing)}”这项内容。{where}可拨打 12345 或 12333 咨询。"
            )
        else:
            self._write_lines(result)

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(BAD_INPUT)

    def _write_lines(self, result) -> None:
        if not result.hits:
            self.stdout.write(f"没有找到“{result.query}”。可拨打 12333 咨询。")
            return
        found = f"{result.total} 项" if result.total_exact else f"{result.total} 多项"
        self.stdout.write(f"找到 {found}，列出前 {len(result.hits)} 项：")
        for hit in result.hits:
            self.stdout.write(
                f"{hit.score:>5}  {hit.entry.seq:>3}. {hit.item.name}〔{hit.entry.category.name}〕 {hit.url}"
            )


def _catalog(slug: str | None) -> Catalog | None:
    if not slug:
        return None
    catalog = Catalog.objects.filter(slug=slug).first()
    if catalog is None:
        raise CommandError(f"找不到目录：{slug}")
    return catalog


def _body(code: str | None) -> Body | None:
    if not code:
        return None
    body = Body.objects.filter(code=code).first()
    if body is None:
        raise CommandError(f"找不到公开主体：{code}（gongkai bodies list 可查编码）")
    return body
