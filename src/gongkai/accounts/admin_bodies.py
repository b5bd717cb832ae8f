from django.contrib import admin
from django.db import models
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.audit.services import record
from gongkai.bodies.models import Body
from gongkai.translations.admin import MongolianTextLink


class BodyForm(MoveNodeForm):
    """The body's fields, and where it sits: under which body, before or after which sibling."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treebeard_position"].label = "放在"
        self.fields["treebeard_position"].choices = [
            ("first-child", "作为下级（排第一）"),
            ("left", "排在它前面（同级）"),
            ("right", "排在它后面（同级）"),
        ]
        self.fields["treebeard_ref_node"].label = "参照的主体"
        self.fields["treebeard_ref_node"].empty_label = "（最上级）"


def _formfield(field, **kwargs):
    # A 地图链接 typed without a scheme means https.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


@admin.register(Body)
class BodyAdmin(MongolianTextLink, AuditedModelAdmin, TreeAdmin):
    """The county's tree: drag a body, or pick "放在" on its form, and its subtree moves with it.

    Registered by the accounts app: the tree is the base layer and imports neither the audit log nor roles.
    """

    form = movenodeform_factory(Body, form=BodyForm, formfield_callback=_formfield)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "code", "region_code"]
    search_fields = ["name", "short_name", "code"]
    list_filter = ["kind"]
    readonly_fields = ["mongolian_text"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "region_code", "credit_code"]}),
        (
            "联系方式",
            {
                "fields": [
                    "address",
                    "office_hours",
                    "phone",
                    "email",
                    "postcode",
                    "disclosure_address",
                    "disclosure_phone",
                    "map_url",
                ]
            },
        ),
        ("蒙古文", {"fields": ["mongolian_text"]}),
        ("在名单中的位置", {"fields": ["treebeard_position", "treebeard_ref_node"]}),
    ]

    def move_node(self, request):
        # Dragging in the tree bypasses the change form, so it is logged here.
        response = super().move_node(request)
        if response.status_code == 200:
            node = Body.objects.filter(pk=request.POST.get("node")).first()
            target = Body.objects.filter(pk=request.POST.get("target")).first()
            record(
                "bodies.move",
                actor=request.user,
                target=f"公开主体：{node}",
                details={"to": target.code if target else None, "relation": request.POST.get("relation")},
            )
        return response
