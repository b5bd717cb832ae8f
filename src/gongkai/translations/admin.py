from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gongkai.translations.kinds import kind_of


class MongolianTextLink:
    """For the admin of a model with a Mongolian text: where its Mongolian is written, reviewed, published."""

    @admin.display(description="蒙古文")
    def mongolian_text(self, obj):
        if obj is None or obj.pk is None:
            return "保存以后，可以在这里打开蒙古文页面编写蒙古文"
        url = reverse("translations:text", args=[kind_of(obj).key, obj.pk])
        return format_html(
            '<a href="{}">编写、审核蒙古文（中文改了以后，蒙古文要在 20 个工作日内更新）</a>', url
        )
