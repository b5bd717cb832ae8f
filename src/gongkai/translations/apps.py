from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "gongkai.translations"
    verbose_name = "蒙古文译文"

    def ready(self):
        from django.urls import reverse

        from gongkai.bodies.models import Body
        from gongkai.bodies.signals import tree_changed
        from gongkai.publishing.signals import touch_on_change
        from gongkai.translations.deadlines import text_deadline_moves
        from gongkai.translations.kinds import Kind, register
        from gongkai.translations.models import TextTranslation
        from gongkai.translations.signals import bodies_changed, schedule_loaded
        from gongkai.workdays.deadlines import register_source
        from gongkai.workdays.signals import schedule_changed

        touch_on_change(TextTranslation)
        # The tree is the base layer and imports nothing above it, so its kind is registered here.
        register(
            Kind(
                key="body",
                label="单位名称和联系方式",
                model=Body,
                fields={
                    "name": "单位名称",
                    "address": "办公地址",
                    "office_hours": "办公时间",
                    "disclosure_address": "政府信息公开工作机构地址",
                },
                owner="",
                order_by=("path",),
                public_path=lambda body: reverse("portal:body", args=[body.code]),
                position=2,
            )
        )
        tree_changed.connect(bodies_changed, dispatch_uid="mongolian-bodies-changed")
        register_source("translations", text_deadline_moves)
        schedule_changed.connect(schedule_loaded, dispatch_uid="mongolian-schedule-changed")
