"""Checks on what applicants type. The messages are shown in the page's language (Chinese to staff and the API)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID18 = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_PHONE = re.compile(r"^[0-9+\-\s]{7,20}$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def resident_id_check_digit(first17: str) -> str:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_resident_id(value: str) -> str:
    value = value.strip().upper()
    if not _ID18.match(value):
        raise ValidationError(_("居民身份证号码应为 18 位（最后一位可以是 X）"))
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码里的出生日期不对，请核对")) from None
    if resident_id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码最后一位校验不对，请核对是否输错"))
    return value


def validate_id_number(id_type: str, value: str) -> str:
    value = value.strip()
    if id_type == "resident_id":
        return validate_resident_id(value)
    if id_type == "credit_code":
        value = value.upper()
        if not _CREDIT_CODE.match(value):
            raise ValidationError(_("统一社会信用代码应为 18 位数字或大写字母"))
        return value
    if not 4 <= len(value) <= 30:
        raise ValidationError(_("证件号码长度不对"))
    return value


def validate_phone(value: str) -> str:
    value = value.strip()
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 7:
        raise ValidationError(_("请填写能联系到您的电话号码（7 到 20 位数字）"))
    return value


def phone_last4(value: str) -> str:
    return "".join(c for c in value if c.isdigit())[-4:]
