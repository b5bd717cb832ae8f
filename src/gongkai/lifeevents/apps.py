from django.apps import AppConfig


class LifeeventsConfig(AppConfig):
    name = "gongkai.lifeevents"
    verbose_name = "一件事"

    def ready(self):
        from gongkai.lifeevents.models import LifeEvent, LifeEventStep
        from gongkai.publishing.signals import touch_on_change

        touch_on_change(LifeEvent, LifeEventStep)
