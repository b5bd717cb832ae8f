"""`gongkai check`: Django's system checks, then the deadline summary; exits 1 when anything is overdue or mail
fails to go out (for the systemd timer: the unit then shows as failed)."""

import sys

from django.core.management.commands.check import Command as SystemCheckCommand
from django.db import connection
from django.utils import timezone

from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.summary import summary_text
from gongkai.outbox.services import outbox_health


class Command(SystemCheckCommand):
    help = "检查配置，并列出公开时限情况；有超期未公开的事项或蒙古文时以状态 1 退出。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--system-only", action="store_true", help="只做配置检查，不看公开时限")

    def handle(self, *app_labels, system_only=False, **options):
        super().handle(*app_labels, **options)
        if system_only:
            return
        if "guides_guiderevision" not in connection.introspection.table_names():
            self.stdout.write("数据库还没有初始化，跳过公开时限检查（先运行 gongkai init）。")
            return
        board = build_dashboard(timezone.localdate())
        self.stdout.write(summary_text(board))
        mail = outbox_health()
        if mail.is_failing:
            self.stderr.write(
                f"警告：有 {mail.failing + mail.given_up} 封邮件没能发出（{mail.given_up} 封已停止重试）。"
                f"请检查邮件服务器设置（GONGKAI_SMTP_HOST 等），修好后运行 gongkai send_mail --retry-failed。"
                f"最近一次错误：{mail.last_error}"
            )
        if board.overdue_count or mail.is_failing:
            sys.exit(1)
