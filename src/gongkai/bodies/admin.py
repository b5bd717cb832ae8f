from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.audit.services import record
from gongkai.bodies.models import Body


@admin.register(Body)
class BodyAdmin(AuditedModelAdmin, TreeAdmin):
    """The county's tree: drag a body, or pick "相对位置" on its form, and its subtree moves with it."""

    form = movenodeform_factory(Body)
    list_display = ["name", "kind", "code", "region_code"]
    search_fields = ["name", "short_name", "code"]
    list_filter = ["kind"]
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
        ("在名单中的位置", {"fields": ["_position", "_ref_node_id"]}),
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
