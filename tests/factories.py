"""Builders for test data that looks like a real catalog."""

ELEMENTS = [
    "事项名称", "事项简述", "办理材料", "办理方式", "办理时限", "结果送达",
    "收费依据及标准", "办事时间", "办理机构及地点", "咨询查询途径", "监督投诉渠道",
]  # fmt: skip


def make_document(
    n_items: int, *, area: str = "测试领域", publisher: str = "测试县人力资源和社会保障局", groups: int = 9
):
    per_group = max(1, -(-n_items // groups))
    items = [
        {
            "seq": seq,
            "category": f"第{(seq - 1) // per_group + 1}类事项",
            "name": f"测试事项{seq}",
            "elements": list(ELEMENTS),
            "basis": ["《中华人民共和国政府信息公开条例》", f"《测试条例第{seq % 7}号》"],
            "time_limit": "公开事项信息形成或变更之日起20个工作日内公开",
            "subject": publisher,
            "channels": ["政府网站", "政务服务中心"],
            "audience": ["全社会"],
            "method": ["主动"],
            "levels": ["县级", "乡级"] if seq % 2 else ["村级"],
            "warnings": [],
        }
        for seq in range(1, n_items + 1)
    ]
    return {
        "format": "gongkai-catalog/1",
        "catalog": {
            "slug": "test-" + str(abs(hash((area, publisher))) % 10**8),
            "title": f"{area}领域基层政务公开标准目录",
            "area": area,
            "publisher": publisher,
            "source": "测试数据",
            "audience_options": ["全社会", "特定群众"],
            "method_options": ["主动", "依申请公开"],
            "level_options": ["县级", "乡级", "村级"],
        },
        "items": items,
    }


def body_named(name: str):
    """The root body called `name`, made if missing: each county's catalog in tests has its own body."""
    from gongkai.bodies.codes import code_for_name
    from gongkai.bodies.models import Body, BodyKind

    body = Body.objects.filter(name=name).first()
    if body is None:
        body = Body.objects.add_root(
            instance=Body(code=code_for_name(name), name=name, kind=BodyKind.DEPARTMENT)
        )
    return body


def many_bodies(parent, n: int, kind: str = "苏木乡镇") -> None:
    """`n` bodies below `parent`, written in bulk (treebeard's paths by hand: 4-character base-36 steps)."""
    from gongkai.bodies.models import Body
    from gongkai.bodies.upgrade import ALPHABET, STEPLEN

    def step(number: int) -> str:
        digits = ""
        while number:
            number, rest = divmod(number, len(ALPHABET))
            digits = ALPHABET[rest] + digits
        return digits.rjust(STEPLEN, "0")

    start = parent.numchild
    Body.objects.bulk_create(
        Body(
            path=parent.path + step(start + i + 1),
            depth=parent.depth + 1,
            numchild=0,
            code=f"{parent.code}-x{start + i + 1}",
            name=f"第{start + i + 1}单位",
            kind=kind,
        )
        for i in range(n)
    )
    Body.objects.filter(pk=parent.pk).update(numchild=start + n)
    parent.refresh_from_db()
