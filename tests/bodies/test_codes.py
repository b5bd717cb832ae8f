"""统一社会信用代码 (GB 32100) check characters and 行政区划代码 (GB/T 2260) shapes."""

import pytest

from gongkai.bodies.codes import credit_check_character, credit_code_problem, region_code_problem


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the worked example printed with the standard
        "91110000600037341L",
        "12100000400010398P",
    ],
)
def test_published_codes_pass(code):
    assert credit_code_problem(code) is None


def test_a_changed_character_is_caught_and_the_right_check_character_named():
    problem = credit_code_problem("91350100M000100Y44")
    assert "校验位" in problem and "应为 3" in problem


def test_every_single_substitution_of_a_valid_code_is_caught():
    good = "11152223MB0000000"
    good += credit_check_character(good)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(17):
        for char in alphabet:
            if char != good[position]:
                bad = good[:position] + char + good[position + 1 :]
                assert credit_code_problem(bad) is not None, bad


@pytest.mark.parametrize(
    ("code", "words"),
    [("1234", "18位"), ("91350100M000100YI3", "不允许的字符"), ("91350100m000100y43", "不允许的字符")],
)
def test_wrong_shapes_are_explained(code, words):
    assert words in credit_code_problem(code)


@pytest.mark.parametrize(
    ("code", "ok"), [("152223", True), ("15222", False), ("x52223", False), ("052223", False)]
)
def test_region_codes(code, ok):
    assert (region_code_problem(code) is None) is ok
