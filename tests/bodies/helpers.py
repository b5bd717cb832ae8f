"""A small county as a bodies file: 旗政府 at the top, two departments, a town and its village."""

COUNTY = [
    {"code": "zltq", "name": "扎赉特旗人民政府", "short_name": "旗政府", "kind": "人民政府", "parent": None,
     "region_code": "152223", "credit_code": "", "contact": {"address": "扎赉特旗音德尔镇"}},
    {"code": "zltq-rsj", "name": "扎赉特旗人力资源和社会保障局", "short_name": "旗人社局", "kind": "工作部门",
     "parent": "zltq", "region_code": "", "credit_code": "", "contact": {}},
    {"code": "zltq-ybj", "name": "扎赉特旗医疗保障局", "short_name": "旗医保局", "kind": "工作部门",
     "parent": "zltq", "region_code": "", "credit_code": "", "contact": {}},
    {"code": "zltq-ydez", "name": "音德尔镇人民政府", "short_name": "音德尔镇", "kind": "苏木乡镇",
     "parent": "zltq", "region_code": "", "credit_code": "", "contact": {}},
    {"code": "zltq-ydez-demo", "name": "音德尔镇演示嘎查", "short_name": "", "kind": "嘎查村·社区",
     "parent": "zltq-ydez", "region_code": "", "credit_code": "", "contact": {}},
]  # fmt: skip


def credit_code(first17: str) -> str:
    """A 统一社会信用代码 with the right check character, for tests that need a valid one."""
    from gongkai.bodies.codes import credit_check_character

    return first17 + credit_check_character(first17)
