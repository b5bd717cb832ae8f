from django.apps import AppConfig


class CatalogUploadConfig(AppConfig):
    name = "gongkai.catalog_upload"
    verbose_name = "目录导入"
