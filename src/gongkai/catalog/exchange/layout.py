"""Which column is which: the header of a catalog table, recognised by its words, not its positions.

Counties lay the same catalog out differently: one to three header rows with merged cells, columns in
another order, extra columns (备注, 责任单位), other words for the same column (公开渠道 for 公开渠道和载体,
事项名称 for 二级事项), tick columns under a group title or named by their word alone. Each column gets a
*role* (what it holds) and, under a group title, an *option* (the word of its sub-column: 全社会, 县级,
政府网站 …). A role found by a word other than the official one is a guess and says so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from .document import Problem, quote
from .table import EMPTY, Cell, Grid
from .text import tick_value

# What a column can hold, as the mapping select shows it. Order is the order of the select.
ROLES = {
    "ignore": "不导入这一列",
    "seq": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "level3": "三级事项",
    "name": "事项名称（最末一级）",
    "elements": "公开内容（要素）",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
    "audience": "公开对象",
    "method": "公开方式",
    "levels": "公开层级",
    "warnings": "数据质量提示",
    "category_mn": "一级事项（蒙古文）",
    "name_mn": "二级事项（蒙古文）",
}
LEVEL_ROLES = ("level1", "level2", "level3")
MONGOLIAN_ROLES = ("category_mn", "name_mn")  # optional: the names in Mongolian, one text per row
TICK_ROLES = ("audience", "method", "levels")
# Roles whose column may sit under a group title with a word of its own below it.
GROUP_ROLES = (*TICK_ROLES, "elements", "channels", "basis")
# Roles that hold one text per row; two columns of one of them cannot both be right.
SINGLE_ROLES = ("seq", *LEVEL_ROLES, "name", "time_limit", "subject", "warnings", *MONGOLIAN_ROLES)

# Header words, compared folded (see `fold`). The first of each list is the official word.
LABELS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序", "顺序号", "事项序号", "事项编号"),
    "level1": (
        "一级事项",
        "一级",
        "一级事项名称",
        "一级目录",
        "事项类别",
        "公开事项类别",
        "类别",
        "事项分类",
        "分类",
    ),
    "level2": ("二级事项", "二级", "二级事项名称", "二级目录"),
    "level3": ("三级事项", "三级", "三级事项名称", "三级目录"),
    "name": (
        "事项名称",
        "公开事项名称",
        "具体事项",
        "具体公开事项",
        "公开事项",
        "事项",
        "子项",
        "子项名称",
        "公开事项（二级事项）",
    ),
    "elements": (
        "公开内容（要素）",
        "公开内容",
        "公开内容要素",
        "公开要素",
        "公开的内容",
        "主要内容",
        "公开内容（要素）（11项）",
    ),
    "basis": (
        "公开依据",
        "依据",
        "法律依据",
        "政策依据",
        "公开依据（法律法规）",
        "法律法规依据",
        "设定依据",
        "公开依据（政策法规）",
    ),
    "time_limit": ("公开时限", "时限", "公开时间", "公开期限", "时限要求", "公开时限要求"),
    "subject": ("公开主体", "发布主体", "公开单位", "公开责任主体", "公开主体单位"),
    "channels": (
        "公开渠道和载体",
        "公开渠道及载体",
        "公开渠道与载体",
        "公开渠道",
        "公开载体",
        "公开途径",
        "渠道和载体",
        "公开渠道和方式",
    ),
    "audience": ("公开对象", "对象", "公开范围"),
    "method": ("公开方式", "方式"),
    "levels": ("公开层级", "层级", "公开层次", "公开级别"),
    "warnings": ("数据质量提示",),
    "category_mn": (
        "一级事项（蒙古文）",
        "一级事项（蒙文）",
        "一级事项蒙古文",
        "类别（蒙古文）",
        "一级事项名称（蒙古文）",
    ),
    "name_mn": (
        "二级事项（蒙古文）",
        "二级事项（蒙文）",
        "二级事项蒙古文",
        "事项名称（蒙古文）",
        "三级事项（蒙古文）",
        "二级事项名称（蒙古文）",
    ),
}
# Columns counties add that a catalog does not carry: taken as "not imported", and said so.
EXTRA_LABELS = (
    "备注",
    "说明",
    "备注说明",
    "责任单位",
    "责任科室",
    "责任部门",
    "责任股室",
    "责任人",
    "牵头单位",
    "配合单位",
    "承办单位",
    "承办科室",
    "办理部门",
    "联系电话",
    "联系方式",
    "咨询电话",
    "监督电话",
    "更新时间",
    "公开网址",
    "链接",
)
# A single header row may name tick columns by their word alone; these words belong to a group, and
# any short word ending in 级 is a level.
BARE_TICK_WORDS = {
    "全社会": "audience",
    "特定群众": "audience",
    "特定群体": "audience",
    "特定对象": "audience",
    "社会公众": "audience",
    "主动": "method",
    "主动公开": "method",
    "依申请公开": "method",
    "依申请": "method",
}
PREFIX_SEPARATORS = "·・•.。:：/／-—_|｜"
# Words that appear under a group title: enough to tell a second header row from a first data row.
ELEMENT_WORDS = (
    "事项名称",
    "事项简述",
    "办理材料",
    "办理方式",
    "办理时限",
    "结果送达",
    "收费依据及标准",
    "办事时间",
    "办理机构及地点",
    "咨询查询途径",
    "监督投诉渠道",
)
CHANNEL_WORDS = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户",
    "现场",
    "公示栏",
    "精准推送",
    "基层公共服务平台",
    "其他",
)
MAX_HEADER_ROWS = 3
# Labels that only group the columns below them.
ITEM_GROUP_LABELS = ("公开事项", "事项")


def fold(text: str) -> str:
    """Header text for comparison: no whitespace (PDF tables wrap anywhere), one kind of bracket."""
    text = unicodedata.normalize("NFKC", "".join(text.split()))
    return text.replace("(", "（").replace(")", "）").rstrip(":：")


_LOOKUP = {fold(label): role for role, labels in LABELS.items() for label in labels}
_EXTRA = {fold(label) for label in EXTRA_LABELS}
_OFFICIAL = {role: fold(labels[0]) for role, labels in LABELS.items()}


def lookup(text: str) -> str | None:
    return _LOOKUP.get(fold(text))


def group_prefix(text: str) -> tuple[str, str] | None:
    """ "公开对象·全社会" -> ("audience", "全社会"), for single-row headers."""
    folded = fold(text)
    for role in TICK_ROLES:
        for label in LABELS[role]:
            label = fold(label)
            if folded.startswith(label) and len(folded) > len(label):
                rest = folded[len(label) :].lstrip(PREFIX_SEPARATORS)
                if rest:
                    return role, rest
    return None


def is_header_word(text: str) -> bool:
    """True for words found in catalog headers: labels, tick words, levels, element and channel names."""
    folded = fold(text)
    if not folded:
        return False
    if folded in _LOOKUP or folded in _EXTRA or folded in BARE_TICK_WORDS or group_prefix(folded):
        return True
    if folded.endswith("级") and len(folded) <= 12:
        return True
    return folded in ELEMENT_WORDS or any(word in folded for word in CHANNEL_WORDS) and len(folded) <= 16


@dataclass
class SourceColumn:
    """One column of the file and how it is taken.

    `how`: "exact" (the official header word), "guess" (another word for it), "mapped" (a person
    said so, now or for an earlier file of the same publisher), "extra" (a known column a catalog does
    not carry), "unknown" (no idea: not imported).
    """

    index: int
    label: str
    role: str
    option: str = ""
    how: str = "exact"
    name: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def number(self) -> int:
        return self.index + 1


def _own(cell: Cell) -> str:
    return cell.text.strip() if cell.covered is None else ""


def _row_roles(row: list[Cell]) -> set[str]:
    roles = set()
    for cell in row:
        if cell.covered == "h":
            continue
        role = lookup(cell.text) or (group_prefix(cell.text) or (None,))[0]
        if role:
            roles.add(role)
    return roles


def find_header_row(grid: Grid, mapped: frozenset[str] = frozenset()) -> int | None:
    """The first row that names at least three kinds of column, with the items named in it or in the
    header rows below it (a three-row header may name them only in its second row).

    `mapped` holds header words a person has given a role to, which count as recognised.
    """
    limit = min(len(grid), 200)
    rows: dict[int, set[str]] = {}  # roles of the rows looked at so far: the header is usually near the top

    def roles(index: int) -> set[str]:
        if index not in rows:
            row = grid[index]
            rows[index] = _row_roles(row) | {"mapped:" + fold(c.text) for c in row if fold(c.text) in mapped}
        return rows[index]

    for index in range(limit):
        if len(roles(index)) < 3:
            continue
        below = set().union(*(roles(i) for i in range(index, min(index + MAX_HEADER_ROWS, limit))))
        if below & {"name", *LEVEL_ROLES} or any(r.startswith("mapped:") for r in below):
            return index
    return None


def _under_groups(row: list[Cell]) -> set[int]:
    """Columns below a group title that spans two or more columns in `row` (merged, or written once
    with blank cells to its right as in a CSV)."""
    under: set[int] = set()
    active = False
    for index, cell in enumerate(row):
        text = cell.text.strip()
        if cell.covered == "h" or (cell.covered is None and not text):
            if active:
                under.add(index)
            continue
        nxt = row[index + 1] if index + 1 < len(row) else EMPTY
        spans = nxt.covered == "h" or (nxt.covered is None and not nxt.text.strip())
        active = cell.covered is None and _needs_subs(text) and spans
        if active:
            under.add(index)
    return under


def _continues_header(above: list[Cell], row: list[Cell]) -> bool:
    """A second or third header row: the sub-titles of the group titles above it (公开对象 › 全社会),
    or header words of its own (一级事项); never a tick mark."""
    own = [(i, cell.text) for i, cell in enumerate(row) if cell.covered is None and cell.text.strip()]
    if not own:
        return False
    if any(tick_value(text) is not None or fold(text).isdigit() for _, text in own):
        return False  # a tick or a 序号: an item row
    under = _under_groups(above)
    if any(index in under for index, _ in own):
        return True
    looks_like_data = any("《" in text or len(fold(text)) > 24 for _, text in own)
    return not looks_like_data and any(_LOOKUP.get(fold(text)) for _, text in own)


def header_depth(grid: Grid, start: int) -> int:
    depth = 1
    while (
        depth < MAX_HEADER_ROWS
        and start + depth < len(grid)
        and _continues_header(grid[start + depth - 1], grid[start + depth])
    ):
        depth += 1
    return depth


def _needs_subs(text: str) -> bool:
    """Group titles whose sub-columns carry their own word below (公开对象 › 全社会)."""
    folded = fold(text)
    return folded in ITEM_GROUP_LABELS or _LOOKUP.get(folded) in GROUP_ROLES


def column_paths(grid: Grid, start: int, depth: int, width: int) -> list[list[str]]:
    """Each column's header words from top to bottom, merged cells repeated once.

    A CSV has no merges: a group title written once above its first sub-column also covers the blank
    header cells to its right that have a word below them.
    """
    rows = [grid[start + r] if start + r < len(grid) else [] for r in range(depth)]
    paths: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(rows):
        group = ""
        for c in range(width):
            cell = row[c] if c < len(row) else EMPTY
            text = "".join(cell.text.split())
            below = rows[r + 1][c] if r + 1 < depth and c < len(rows[r + 1]) else EMPTY
            if text:
                group = (
                    text
                    if cell.covered is None and _needs_subs(text)
                    else ("" if cell.covered is None else group)
                )
            elif cell.covered is None and group and below.text.strip():
                text = group
            else:
                group = ""
            if text and (not paths[c] or paths[c][-1] != text):
                paths[c].append(text)
    return paths


def classify(path: list[str]) -> tuple[str, str, str, str]:
    """(role, option, how, name) for one column's header words."""
    for depth, text in enumerate(path):
        folded = fold(text)
        deeper = path[depth + 1] if depth + 1 < len(path) else ""
        if folded in ITEM_GROUP_LABELS and deeper:
            continue  # 公开事项 over 一级事项 / 二级事项: the word below decides
        # "公开对象·全社会" names a tick column in a one-row header; with words below it, a longer
        # title such as 公开对象及方式 only groups them.
        prefixed = group_prefix(folded) if not deeper else None
        if prefixed and lookup(folded) is None:
            role, option = prefixed
            how = "exact" if folded.startswith(_OFFICIAL[role]) else "guess"
            return role, option, how, f"{LABELS[role][0]}·{option}" if how == "exact" else text
        role = _LOOKUP.get(folded)
        if role is not None:
            how = "exact" if folded == _OFFICIAL[role] and role != "name" else "guess"
            if role in GROUP_ROLES and deeper:
                option = "".join(deeper.split())
                return role, option, how, f"{text}·{option}"
            return role, "", how, text
        if folded in _EXTRA:
            return "ignore", "", "extra", text
        if depth == len(path) - 1:
            if folded in BARE_TICK_WORDS:
                return BARE_TICK_WORDS[folded], "".join(text.split()), "guess", text
            if folded.endswith("级") and len(folded) <= 12:
                return "levels", "".join(text.split()), "guess", text
    label = "/".join(path)
    return "ignore", "", "unknown", label


def read_columns(
    grid: Grid, start: int, depth: int, mapping: dict[str, str] | None = None
) -> list[SourceColumn]:
    """Every column of the table with its role; `mapping` (label or "#N" -> role) overrides the guess."""
    width = max((len(row) for row in grid[start : start + depth]), default=0)
    mapping = mapping or {}
    columns = []
    for index, path in enumerate(column_paths(grid, start, depth, width)):
        label = "/".join(path)
        role, option, how, name = classify(path)
        chosen = mapping.get(f"#{index + 1}") or (mapping.get(label) if label else None)
        if chosen in ROLES and chosen != role:
            role, how = chosen, "mapped"
            option = _mapped_option(path, role)
            name = f"{ROLES[role]}·{option}" if option else (path[-1] if path else f"第{index + 1}列")
        elif chosen in ROLES:
            how = "mapped" if how in ("guess", "unknown", "extra") else how
        if not path and role == "ignore":
            how = "unknown"
        columns.append(SourceColumn(index, label, role, option, how, name or label or f"第{index + 1}列"))
    return columns


def _mapped_option(path: list[str], role: str) -> str:
    """The sub-column word of a column a person gave a group role: its lowest header word, unless
    that word only names the group itself (then the cells hold the words)."""
    if role not in (*TICK_ROLES, "elements", "channels") or not path:
        return ""
    word = "".join(path[-1].split())
    return "" if _LOOKUP.get(fold(word)) == role else word


def describe(column: SourceColumn) -> str:
    """How a column was taken, in the words of a note."""
    label = column.label or f"第{column.number}列"
    if column.role == "ignore":
        if column.how == "extra":
            return f"第{column.number}列{quote(label)}不是目录的内容，没有导入"
        return f"不认识第{column.number}列{quote(label)}，没有导入；如果它有用，请在“列对应”里指定它是哪一列"
    what = ROLES[column.role] + (f"（{column.option}）" if column.option else "")
    verb = "按指定" if column.how == "mapped" else "猜测"
    return f"{verb}把第{column.number}列{quote(label)}当作“{what}”"


def column_problems(columns: list[SourceColumn], row: int) -> list[Problem]:
    """Two columns that cannot both hold the same thing."""
    problems = []
    seen: dict[tuple[str, str], SourceColumn] = {}
    for column in columns:
        if column.role == "ignore":
            continue
        if column.role in SINGLE_ROLES:
            ident = (column.role, "")
        elif column.role in TICK_ROLES:
            ident = (column.role, column.option)
        else:
            continue
        if ident in seen:
            first = seen[ident]
            what = ROLES[column.role] + (f"·{column.option}" if column.option else "")
            problems.append(Problem(row, None, f"“{what}”列重复（第{first.number}列和第{column.number}列）"))
        seen.setdefault(ident, column)
    for role in TICK_ROLES:
        whole = [c for c in columns if c.role == role and not c.option]
        parts = [c for c in columns if c.role == role and c.option]
        if whole and parts:
            problems.append(
                Problem(
                    row,
                    None,
                    f"“{ROLES[role]}”既有整列（第{whole[0].number}列）又有分列（第{parts[0].number}列），请只留一种",
                )
            )
    return problems
