from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "gongkai.outbox"
    verbose_name = "待发邮件"
