"""The bodies file: the county's list of public bodies as JSON or CSV (README, "Bodies").

JSON is a list of {"code", "name", "short_name", "kind", "parent", "region_code", "credit_code",
"contact": {...}} with `parent` a code or null. CSV has one row per body, with the same keys or their
Chinese headers, the contact block spread over its own columns. Pure Python: the whole file is read and
checked before anything is written, and every problem comes back at once, located by row and column.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re

from gongkai.bodies.codes import credit_code_problem, region_code_problem
from gongkai.problems import InputError, Problem, fail
from gongkai.spreadsheets import escape_for_round_trip, unescape

KINDS = ("人民政府", "工作部门", "苏木乡镇", "嘎查村·社区", "其他")
# What people type when the middle dot is hard to find, or when they name the kind loosely.
KIND_SPELLINGS = {
    "政府": "人民政府",
    "旗人民政府": "人民政府",
    "县人民政府": "人民政府",
    "部门": "工作部门",
    "政府工作部门": "工作部门",
    "乡镇": "苏木乡镇",
    "苏木": "苏木乡镇",
    "镇": "苏木乡镇",
    "乡": "苏木乡镇",
    "街道": "苏木乡镇",
    "嘎查村": "嘎查村·社区",
    "嘎查村社区": "嘎查村·社区",
    "嘎查村、社区": "嘎查村·社区",
    "嘎查": "嘎查村·社区",
    "村": "嘎查村·社区",
    "社区": "嘎查村·社区",
    "村（社区）": "嘎查村·社区",
}

TOP_KEYS = ("code", "name", "short_name", "kind", "parent", "region_code", "credit_code")
CONTACT_KEYS = (
    "address",
    "office_hours",
    "phone",
    "email",
    "postcode",
    "disclosure_office_address",
    "disclosure_office_phone",
    "map_url",
)
HEADERS = {
    "code": "编码",
    "name": "名称",
    "short_name": "简称",
    "kind": "类别",
    "parent": "上级编码",
    "region_code": "行政区划代码",
    "credit_code": "统一社会信用代码",
    "address": "办公地址",
    "office_hours": "办公时间",
    "phone": "咨询电话",
    "email": "电子邮箱",
    "postcode": "邮政编码",
    "disclosure_office_address": "政府信息公开工作机构地址",
    "disclosure_office_phone": "政府信息公开工作机构电话",
    "map_url": "地图链接",
}
LIMITS = {"code": 50, "name": 200, "short_name": 100, "address": 300, "office_hours": 200, "phone": 100}
LIMITS |= {"disclosure_office_address": 300, "disclosure_office_phone": 100, "map_url": 500, "email": 254}

CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
POSTCODE = re.compile(r"^\d{6}$")
MAX_BODIES = 100_000
# The file row of the first record: JSON counts entries from 1, CSV rows from its header's next line.
FIRST_ROW = {"json": 1, "csv": 2}


def read(data: bytes, fmt: str) -> list[dict]:
    """Checked, normalised body records from a file's bytes; raises InputError with every problem."""
    if fmt == "json":
        rows = _json_rows(data)
    elif fmt == "csv":
        rows = _csv_rows(data)
    else:
        raise fail(f"不支持的格式“{fmt}”，公开主体名单只支持 json 和 csv")
    if len(rows) > MAX_BODIES:
        raise fail(f"名单太长（{len(rows)} 个），一次最多 {MAX_BODIES} 个")
    first_row = FIRST_ROW[fmt]
    problems: list[Problem] = []
    records = [_record(row, first_row + index, fmt, problems) for index, row in enumerate(rows)]
    _check_duplicates(records, first_row, problems)
    if problems:
        raise InputError(problems)
    return records


def write(records: list[dict], fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS.values())
        for record in records:
            flat = {**{key: record[key] for key in TOP_KEYS}, **record["contact"]}
            writer.writerow(_escape(flat[key] or "") for key in HEADERS)
        return out.getvalue().encode("utf-8-sig")
    raise fail(f"不支持的格式“{fmt}”，只支持 json 和 csv")


def format_from_name(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("json", "csv"):
        return suffix
    raise fail(f"不支持的文件类型“{name}”：公开主体名单请用 .json 或 .csv")


def column_label(key: str, fmt: str) -> str:
    """A column as the person sees it in the file: the Chinese header in CSV, the key path in JSON."""
    if fmt == "csv":
        return HEADERS[key]
    return f"contact.{key}" if key in CONTACT_KEYS else key


def tree_problems(records: list[dict], existing: dict[str, str | None], fmt: str = "json") -> list[Problem]:
    """Unknown parents and cycles, once the file's parents are laid over the bodies already stored.

    `existing` maps each stored body's code to its parent's code (None at the top).
    """
    first_row, column = FIRST_ROW[fmt], column_label("parent", fmt)
    parents = dict(existing)
    rows = {}
    for index, record in enumerate(records):
        parents[record["code"]] = record["parent"]
        rows[record["code"]] = first_row + index
    problems = []
    for record in records:
        parent = record["parent"]
        row = rows[record["code"]]
        if parent is None:
            continue
        if parent == record["code"]:
            problems.append(Problem(row, column, "上级不能是自己"))
        elif parent not in parents:
            problems.append(Problem(row, column, f"找不到上级“{parent}”：名单里和系统里都没有这个编码"))
        else:
            cycle = _cycle_through(record["code"], parents)
            if cycle:
                problems.append(Problem(row, column, "上下级绕成了圈：" + " → ".join(cycle)))
    return problems


def _cycle_through(start: str, parents: dict[str, str | None]) -> list[str]:
    seen = [start]
    current = parents.get(start)
    while current is not None and current in parents:
        if current == start:
            return [*seen, start]
        if current in seen:  # a cycle above this body, reported on the bodies that form it
            return []
        seen.append(current)
        current = parents[current]
    return []


def _json_rows(data: bytes) -> list[dict]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail("无法识别文件编码：JSON 文件应为 UTF-8") from None
    except json.JSONDecodeError as error:
        raise fail(f"不是有效的 JSON（第{error.lineno}行第{error.colno}列附近）") from None
    if not isinstance(value, list):
        raise fail("JSON 应是一个列表，每项是一个公开主体")
    problems = [
        Problem(index + 1, None, "这一项应是一个对象 {…}")
        for index, row in enumerate(value)
        if not isinstance(row, dict)
    ]
    if problems:
        raise InputError(problems)
    return value


def _csv_rows(data: bytes) -> list[dict]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise fail("无法识别文件编码：请把 CSV 保存为 UTF-8 编码")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        grid = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        raise fail(f"CSV 格式有误（第{reader.line_num}行附近）") from None
    if not grid:
        raise fail("文件是空的：第一行应是表头（编码、名称、类别、上级编码……）")
    keys = [_header_key(cell, column) for column, cell in enumerate(grid[0], start=1)]
    bad = [
        Problem(1, cell, "不认识这一列")
        for cell, key in zip(grid[0], keys, strict=True)
        if key is None and cell
    ]
    if bad:
        raise InputError(bad)
    rows = []
    for cells in grid[1:]:
        row: dict = {"contact": {}}
        for key, cell in zip(keys, cells, strict=False):
            if key is None:
                continue
            value = _unescape(cell)
            if key in CONTACT_KEYS:
                row["contact"][key] = value
            else:
                row[key] = value
        rows.append(row)
    return rows


def _header_key(cell: str, column: int) -> str | None:
    text = cell.strip()
    for key, header in HEADERS.items():
        if text in (key, header):
            return key
    return None


def _record(row: dict, number: int, fmt: str, problems: list[Problem]) -> dict:
    def problem(key: str, message: str) -> None:
        problems.append(Problem(number, column_label(key, fmt), message))

    unknown = set(row) - set(TOP_KEYS) - {"contact"}
    for key in sorted(unknown):
        problems.append(Problem(number, key, "不认识这个字段"))
    contact = row.get("contact") or {}
    if not isinstance(contact, dict):
        problems.append(Problem(number, "contact", "联系方式应是一个对象 {…}"))
        contact = {}
    for key in sorted(set(contact) - set(CONTACT_KEYS)):
        problems.append(Problem(number, f"contact.{key}", "不认识这个联系方式字段"))

    record = {key: _text(row.get(key)) for key in TOP_KEYS}
    record["contact"] = {key: _text(contact.get(key)) for key in CONTACT_KEYS}
    for key in ("code", "name"):
        if not record[key]:
            problem(key, "不能为空")
    if record["code"] and not CODE.match(record["code"]):
        problem("code", "编码只能用小写字母、数字和连字符，例如 zltq-rsj")
    for key, limit in LIMITS.items():
        value = record[key] if key in record else record["contact"][key]
        if len(value) > limit:
            problem(key, f"太长（最多 {limit} 个字）")
    record["kind"] = KIND_SPELLINGS.get(record["kind"], record["kind"])
    if record["kind"] not in KINDS:
        problem(
            "kind",
            f"类别应是以下之一：{'、'.join(KINDS)}"
            + (f"，这里是“{record['kind']}”" if record["kind"] else ""),
        )
    record["parent"] = record["parent"] or None
    record["credit_code"] = record["credit_code"].replace(" ", "").upper()
    if record["credit_code"]:
        message = credit_code_problem(record["credit_code"])
        if message:
            problem("credit_code", message)
    if record["region_code"]:
        message = region_code_problem(record["region_code"])
        if message:
            problem("region_code", message)
    contact = record["contact"]
    if contact["email"] and not EMAIL.match(contact["email"]):
        problem("email", "电子邮箱格式不对")
    if contact["postcode"] and not POSTCODE.match(contact["postcode"]):
        problem("postcode", "邮政编码应为6位数字")
    if contact["map_url"] and not contact["map_url"].startswith(("https://", "http://")):
        problem("map_url", "地图链接应以 https:// 或 http:// 开头")
    return record


def _check_duplicates(records: list[dict], first_row: int, problems: list[Problem]) -> None:
    for key in ("code", "credit_code"):
        seen: dict[str, int] = {}
        for index, record in enumerate(records):
            value = record[key]
            if not value:
                continue
            if value in seen:
                problems.append(Problem(first_row + index, key, f"与第{seen[value]}行重复：{value}"))
            else:
                seen[value] = first_row + index


def _text(value) -> str:
    # Spreadsheets and hand-written JSON give codes as numbers (152223); they mean the text.
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return " ".join(str(value).split())


# Spreadsheets run cell text starting with = + - @ as a formula; such cells get a leading apostrophe.
_escape, _unescape = escape_for_round_trip, unescape
