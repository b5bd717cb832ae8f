from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"

    def ready(self):
        from gongkai import checks  # noqa: F401  (registers the configuration checks)
        from gongkai.portal import signals  # noqa: F401  (renders the stored PDFs after a publication)
