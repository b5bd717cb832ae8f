from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self):
        # Connects the per-request calendar cache to Django's request signals.
        from gongkai.workdays import calendar  # noqa: F401
