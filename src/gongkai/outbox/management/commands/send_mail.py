"""`gongkai send_mail`: send the outbox's due mail (a systemd timer runs it every minute). Safe to run often."""

import sys

from django.core.management.base import BaseCommand

from gongkai.outbox.services import forget_old_sent, retry_given_up, send_due


class Command(BaseCommand):
    help = "发送待发邮件；发送失败的邮件稍后自动重试。有邮件发送失败时以状态 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed", action="store_true", help="已放弃的邮件重新开始发送（修好邮件服务器设置之后用）"
        )

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            self.stdout.write(f"重新发送 {retry_given_up()} 封已放弃的邮件。")
        report = send_due()
        forget_old_sent()
        self.stdout.write(
            f"已发出 {report.sent} 封；发送失败 {report.failed} 封（稍后重试）；放弃 {report.given_up} 封。"
        )
        for error in dict.fromkeys(report.errors):
            self.stderr.write(f"邮件发送失败：{error}")
        if report.failed or report.given_up:
            sys.exit(1)
