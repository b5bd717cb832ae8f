from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "gongkai.ops"
    verbose_name = "运行维护"

    def ready(self):
        from django.core.signals import got_request_exception

        from gongkai.ops.middleware import remember_database_failure

        # Catches failures the middleware's process_exception cannot see (those raised by other middleware).
        got_request_exception.connect(remember_database_failure, dispatch_uid="gongkai.ops.database_failure")
