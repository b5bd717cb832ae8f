from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.inforequests import signals  # noqa: F401
