"""The two national codes that identify a public body.

- 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z); the
  last one is a check character over the first 17. Government bodies (机关) start with "11".
- 行政区划代码 (GB/T 2260): 6 digits; 扎赉特旗 is 152223 (15 内蒙古, 22 兴安盟, 23 扎赉特旗).

Pure Python, so importers can check a file before Django is involved.
"""

from __future__ import annotations

import hashlib
import re

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weight of position i (0-based) is 3**i mod 31, as the standard tabulates it.
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
REGION_CODE = re.compile(r"^[1-8]\d{5}$")


def credit_check_character(first17: str) -> str:
    """The check character that completes a 统一社会信用代码's first 17 characters."""
    total = sum(
        CREDIT_ALPHABET.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=False)
    )
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，这里是{len(code)}位"
    wrong = sorted({char for char in code if char not in CREDIT_ALPHABET})
    if wrong:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(wrong)}（不用 I、O、S、V、Z，字母须大写）"
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位不对：最后一位应为 {expected}，这里是 {code[17]}，请核对是否抄错"
    return None


def region_code_problem(code: str) -> str | None:
    """Why `code` is not a 6-digit 行政区划代码 (GB/T 2260), or None when it is."""
    if not REGION_CODE.match(code):
        return "行政区划代码应为6位数字（例如扎赉特旗为 152223）"
    return None


# The seed catalog's publisher has a known code, so the bureau's addresses are the same on every install.
KNOWN_CODES = {"扎赉特旗人力资源社会保障局": "zltq-rsj"}


def code_for_name(name: str) -> str:
    """A stable code for a body known only by its name (a catalog's publisher): staff can rename it."""
    if name in KNOWN_CODES:
        return KNOWN_CODES[name]
    return "b-" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
