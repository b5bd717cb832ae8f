from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.publishing.signals import touch_on_change
        from gongkai.reports.models import AnnualReport

        touch_on_change(AnnualReport)
