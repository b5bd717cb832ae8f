from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "gongkai.bodies"
    verbose_name = "公开主体"
