from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "gongkai.guides"
    verbose_name = "办事指南"

    def ready(self):
        from gongkai.guides import signals  # noqa: F401  (recompute deadlines when the holiday calendar changes)
        from gongkai.guides.models import GuideRevision
        from gongkai.publishing.signals import touch_on_change

        touch_on_change(GuideRevision)
