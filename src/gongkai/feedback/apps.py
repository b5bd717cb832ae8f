from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "gongkai.feedback"
    verbose_name = "群众意见"
