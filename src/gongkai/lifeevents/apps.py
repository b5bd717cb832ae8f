from django.apps import AppConfig


class LifeeventsConfig(AppConfig):
    name = "gongkai.lifeevents"
    verbose_name = "一件事"

    def ready(self):
        from gongkai.lifeevents.models import LifeEvent, LifeEventStep
        from gongkai.publishing.signals import touch_on_change

        touch_on_change(LifeEvent, LifeEventStep)
        from django.urls import reverse

        from gongkai.translations.kinds import Kind, Rows, register

        # Its name, its one-line summary and each step's 什么情况下办 have a Mongolian text.
        register(
            Kind(
                key="event",
                label="一件事",
                model=LifeEvent,
                fields={"name": "名称", "summary": "一句话说明"},
                owner="catalog__body",
                rows=Rows(
                    relation="steps", field="when", label="第 {number} 步什么情况下办", describe="item.name"
                ),
                order_by=("catalog__position", "catalog_id", "position"),
                related=("catalog__body",),
                prefetch=("steps__item",),
                public_path=lambda event: reverse("portal:event", args=[event.slug]),
                position=1,
            )
        )
