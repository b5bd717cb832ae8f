from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "gongkai.compliance"
    verbose_name = "公开时限"
