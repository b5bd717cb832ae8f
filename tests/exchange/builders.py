"""Sample documents and hand-made files in the shapes people actually send."""

from __future__ import annotations

import copy
import csv
import io

import docx
import openpyxl

ELEMENTS = ["事项名称", "事项简述", "办理材料", "办理方式", "办理时限"]
LAW = "《中华人民共和国政府信息公开条例》"
SI_LAW = "《社会保险法》"
CHANNELS = ["政府网站", "政务服务中心"]
BUREAU = "扎赉特旗人力资源社会保障局"
CENTRE = "扎赉特旗社会保险事业管理中心"
LIMIT = "公开事项信息形成或变更之日起20个工作日内公开"
NO_TICKS_WARNING = "原表公开对象、公开方式、公开层级均未勾选，请核实。"


def _item(seq, category, name, **changes):
    item = {
        "seq": seq,
        "category": category,
        "name": name,
        "elements": list(ELEMENTS),
        "basis": [LAW, SI_LAW],
        "time_limit": LIMIT,
        "subject": BUREAU,
        "channels": list(CHANNELS),
        "audience": ["全社会"],
        "method": ["主动"],
        "levels": ["旗级", "乡、村级"],
        "warnings": [],
    }
    item.update(changes)
    return item


def sample_document() -> dict:
    """Six items in three groups: a ＜＞ title with a comma, empty ticks with a warning, another
    subject, an on-request item, a url (ignored on import)."""
    return copy.deepcopy(
        {
            "format": "gongkai-catalog/1",
            "catalog": {
                "slug": "zalaite-test",
                "title": "社会保险领域基层政务公开标准目录",
                "area": "社会保险",
                "publisher": BUREAU,
                "source": "测试用目录",
                "audience_options": ["全社会", "特定群众"],
                "method_options": ["主动", "依申请公开"],
                "level_options": ["旗级", "乡、村级"],
            },
            "items": [
                _item(1, "社会保险登记", "机关事业单位社会保险登记", url="/catalog/zalaite-test/1/"),
                _item(
                    2,
                    "社会保险登记",
                    "参保单位注销",
                    channels=["政府网站", "政务服务中心", "基层公共服务平台"],
                ),
                _item(
                    3,
                    "养老保险服务",
                    "城镇职工基本养老保险与城乡居民基本养老保险制度衔接申请",
                    basis=[
                        LAW,
                        SI_LAW,
                        "《人力资源社会保障部 财政部关于印发＜城乡养老保险制度衔接暂行办法＞，的通知》",
                    ],
                ),
                _item(
                    4,
                    "养老保险服务",
                    "社会保险费延缴申请",
                    audience=[],
                    method=[],
                    levels=[],
                    warnings=[NO_TICKS_WARNING],
                ),
                _item(
                    5,
                    "养老保险服务",
                    "个人权益记录查询",
                    audience=["特定群众"],
                    method=["依申请公开"],
                    levels=["旗级"],
                ),
                _item(
                    6,
                    "社会保障卡服务",
                    "社会保障卡申领",
                    subject=CENTRE,
                    basis=[LAW, SI_LAW, "《社会保障卡管理办法》（2011年，第3条）"],
                ),
            ],
        }
    )


def county_document() -> dict:
    """Another county, other option words, three levels."""
    doc = sample_document()
    doc["catalog"].update(
        slug="county-employment",
        title="就业领域基层政务公开标准目录",
        area="就业",
        audience_options=["全社会", "特定群体"],
        level_options=["县级", "乡级", "村级"],
    )
    for item in doc["items"]:
        item.pop("url", None)
        item["audience"] = ["特定群体"] if item["audience"] else []
        item["levels"] = ["县级", "村级"] if item["levels"] else []
    doc["items"][1]["levels"] = ["乡级"]
    return doc


def table_view(doc: dict) -> dict:
    """What a table carries: no slug or source (derived / empty when read back)."""
    doc = copy.deepcopy(doc)
    for key in ("slug", "source"):
        doc["catalog"].pop(key, None)
    for item in doc["items"]:
        item.pop("url", None)
    return doc


# --------------------------------------------------------------------------- hand-made tables

TITLE = "社会保险领域基层政务公开标准目录"
TOP = ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
TOP += ["公开对象", "", "公开方式", "", "公开层级", ""]
SUB = [
    "",
    "一级事项",
    "二级事项",
    "",
    "",
    "",
    "",
    "",
    "全社会",
    "特定群众",
    "主动",
    "依申请公开",
    "旗级",
    "乡、村级",
]
ELEMENTS_CELL = "、".join(ELEMENTS)
BASIS_CELL = f"{LAW}、{SI_LAW}"
TICKS = ["√", "", "√", "", "√", "√"]


def row(
    seq,
    category,
    name,
    elements=ELEMENTS_CELL,
    basis=BASIS_CELL,
    limit=LIMIT,
    subject=BUREAU,
    channels="政府网站\n政务服务中心",
    ticks=TICKS,
):
    return [seq, category, name, elements, basis, limit, subject, channels, *ticks]


def official(rows: list[list], *, title: str | None = TITLE) -> list[list]:
    """Title row (optional), the official two header rows, then `rows`."""
    head = [[title] + [""] * (len(TOP) - 1)] if title else []
    return head + [list(TOP), list(SUB)] + [list(r) for r in rows]


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], merges: list[str] = ()) -> bytes:
    """`merges` are Excel ranges ("B4:B6"); the text stays in the top-left cell only."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append([None if v == "" else v for v in values])
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_bytes(
    rows: list[list], merges: list[tuple[int, int, int, int]] = (), heading: str | None = None
) -> bytes:
    """`merges` are (row, column, last row, last column), 0-based; text of covered cells is dropped."""
    document = docx.Document()
    if heading:
        document.add_paragraph("附件1")
        document.add_heading(heading, level=1)
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    cells = [list(r.cells) for r in table.rows]
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {
        (r0, c0) for r0, c0, _, _ in merges
    }
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value != "" and (r, c) not in covered:
                cells[r][c].text = str(value)
    for r0, c0, r1, c1 in merges:
        cells[r0][c0].merge(cells[r1][c1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
