from django.core.management.base import BaseCommand

from gongkai.guides.services import publish_due_revisions


class Command(BaseCommand):
    help = "发布到了定时发布时间的办事指南（建议每 5 分钟由 cron 运行一次）。"

    def handle(self, *args, **options):
        published = publish_due_revisions()
        for rev in published:
            self.stdout.write(f"已发布：{rev.item.name} {rev.version_label}")
        if not published:
            self.stdout.write("没有到时间的定时发布。")
