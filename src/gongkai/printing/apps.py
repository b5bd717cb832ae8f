from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "gongkai.printing"
    verbose_name = "打印与二维码"
