"""`gongkai remind`: e-mail the responsible people about due-soon and overdue work. Safe to run often."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.reminders import send_deadline_reminders
from gongkai.outbox.services import send_due


class Command(BaseCommand):
    help = "给编辑、审核和政务公开办发送到期、超期和待审核提醒（同一人同一类提醒每天最多一封）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = send_deadline_reminders(build_dashboard(today), today)
        if sent:
            for line in sent:
                self.stdout.write(f"已发送：{line}")
        else:
            self.stdout.write("没有需要发送的提醒（或今天已经发过）。")
        # The reminders, and anything else waiting, go out now; what fails stays in the outbox for the next run.
        report = send_due()
        if report.failed or report.given_up:
            self.stderr.write(
                f"有 {report.failed + report.given_up} 封邮件发送失败，稍后重试：{report.errors[-1]}"
            )
