"""Public bodies (公开主体): the tree every catalog, guide, application and report hangs from.

A county portal serves the 旗人民政府, its 工作部门, its 苏木乡镇 and, below them, the 嘎查村 and 社区 whose
notice boards carry the catalog (domain.md §7). The tree is a materialized path (django-treebeard's
MP_Node): "this body and everything below it" is one indexed `path LIKE 'prefix%'`, the same on SQLite
and PostgreSQL, which is what every scoped staff query and every rolled-up report needs.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node

from gongkai.bodies.codes import credit_code_problem, region_code_problem


class BodyKind(models.TextChoices):
    GOVERNMENT = "人民政府", "人民政府"
    DEPARTMENT = "工作部门", "工作部门"
    TOWNSHIP = "苏木乡镇", "苏木乡镇"
    VILLAGE = "嘎查村·社区", "嘎查村·社区"
    OTHER = "其他", "其他"


# The kinds that are 行政机关 of their own: each answers applications and publishes an annual report.
# 嘎查村 and 社区 are publishing points (notice boards, service stations), not disclosure bodies (domain.md §7).
DISCLOSURE_KINDS = (BodyKind.GOVERNMENT, BodyKind.DEPARTMENT, BodyKind.TOWNSHIP)


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem)


def validate_region_code(value: str) -> None:
    problem = region_code_problem(value)
    if problem:
        raise ValidationError(problem)


# The contact block: model field -> key in the exchange files' "contact" object.
CONTACT_FIELDS = {
    "address": "address",
    "office_hours": "office_hours",
    "phone": "phone",
    "email": "email",
    "postcode": "postcode",
    "disclosure_address": "disclosure_office_address",
    "disclosure_phone": "disclosure_office_phone",
    "map_url": "map_url",
}


class Body(MP_Node):
    """One public body (行政机关) or publishing point, placed in the county's tree."""

    code = models.SlugField(
        "编码",
        max_length=50,
        unique=True,
        help_text="网址和文件里用的固定编码，例如 zltq-rsj；定下后不要再改",
    )
    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=100, blank=True)
    kind = models.CharField("类别", max_length=20, choices=BodyKind.choices)
    region_code = models.CharField(
        "行政区划代码", max_length=6, blank=True, validators=[validate_region_code]
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    address = models.CharField("办公地址", max_length=300, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=100, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    disclosure_address = models.CharField("政府信息公开工作机构地址", max_length=300, blank=True)
    disclosure_phone = models.CharField("政府信息公开工作机构电话", max_length=100, blank=True)
    map_url = models.URLField("地图链接", max_length=500, blank=True)

    # Children keep the order they were added in (the order of the county's own list), not by name.
    node_order_by: list[str] = []

    class Meta:
        verbose_name = "公开主体"
        verbose_name_plural = "公开主体"
        # "Everything below this body" is a prefix match on the path; PostgreSQL needs the pattern
        # operator class to answer it from an index whatever the database's collation.
        indexes = [models.Index(fields=["path"], name="body_path_prefix", opclasses=["varchar_pattern_ops"])]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="body_unique_credit_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name people use in running text: the short name when there is one."""
        return self.short_name or self.name

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def subtree(self):
        """This body and every body below it, as one indexed query."""
        return Body.objects.filter(path__startswith=self.path)

    def contact(self) -> dict:
        return {key: getattr(self, field) for field, key in CONTACT_FIELDS.items()}
