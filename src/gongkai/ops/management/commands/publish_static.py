"""`gongkai publish_static OUTDIR`: the public portal as static files (see gongkai.ops.static_site)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.ops.static_site import publish
from gongkai.printing.siteurl import DEFAULT_BASE_URL


class Command(BaseCommand):
    help = (
        "把公开网站导出为静态文件（供 nginx 应急副本或外网服务器使用）。"
        "检索、申请表和显示模式链接指向动态服务 --dynamic-url。"
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="输出目录")
        parser.add_argument(
            "--base-url",
            default=None,
            help="静态网站的公开地址（用于订阅、网站地图和二维码中的完整网址），默认 GONGKAI_PUBLIC_BASE_URL",
        )
        parser.add_argument(
            "--dynamic-url",
            default=None,
            help="动态服务的地址（检索、依申请公开、显示模式），默认同 --base-url",
        )
        parser.add_argument("--changed-only", action="store_true", help="网站内容更新时间没变时什么也不做")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, outdir, base_url, dynamic_url, changed_only, no_progress, **options):
        base_url = (base_url or settings.PUBLIC_BASE_URL or DEFAULT_BASE_URL).rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url 必须以 http:// 或 https:// 开头")
        dynamic_url = (dynamic_url or base_url).rstrip("/")
        result = publish(
            Path(outdir),
            base_url=base_url,
            dynamic_url=dynamic_url,
            changed_only=changed_only,
            progress=not no_progress and options.get("verbosity", 1) > 0,
        )
        if result.skipped:
            self.stdout.write(f"内容没有变化（{result.stamp}），未写任何文件")
            return
        for page, source, status in result.broken:
            self.stderr.write(f"链接失效：{page}（状态 {status}，来自 {source or '起始页'}）")
        self.stdout.write(
            f"已导出到 {outdir}：共 {result.files} 个文件，写入 {len(result.written)} 个，"
            f"未变 {result.unchanged} 个，删除 {len(result.deleted)} 个"
        )
