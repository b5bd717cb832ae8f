import pytest
from django.core.exceptions import ValidationError

from gongkai.inforequests.fees import DEFAULT_SCALES, describe, fee_amount, fee_lines
from gongkai.inforequests.validators import validate_resident_id

PER_APP = DEFAULT_SCALES["per_application"]
PER_PAGE = DEFAULT_SCALES["per_page"]


@pytest.mark.parametrize(
    ("count", "amount"),
    [(0, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (55, 4000 + 3000 + 5 * 400)],
)
def test_per_application_scale(count, amount):
    assert fee_amount(count, PER_APP["bands"], PER_APP["rising_step"]) == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 2700 + 50 * 40)],
)
def test_per_page_scale(pages, amount):
    assert fee_amount(pages, PER_PAGE["bands"], PER_PAGE["rising_step"]) == amount


def test_fee_notice_wording():
    text = describe(fee_lines(150, PER_PAGE["bands"]), "页")
    assert text == "第1—30页：免费；第31—100页：10元/页 × 70 = 700元；第101—150页：20元/页 × 50 = 1000元"


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_valid_resident_ids(number):
    assert validate_resident_id(number.lower()) == number


@pytest.mark.parametrize(
    ("number", "message"),
    [("110105194912310021", "校验"), ("11010519491331002X", "出生日期"), ("1101051949123100", "18 位")],
)
def test_invalid_resident_ids(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_resident_id(number)
