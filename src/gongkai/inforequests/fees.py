"""信息处理费 (国办函〔2020〕109号): progressive bands, charged per application or per page, never both.

Only the part of the quantity inside each band pays that band's rate. The bands are data (FeeScale) so an
administrator can follow a changed rule; the defaults below are the national standard.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

DEFAULT_SCALES = {
    # Per applicant and calendar month: 1–10 free, 11–30 at 100 yuan each; from 31 on, each further band of
    # 10 applications costs 100 yuan more each than the band before (31–40: 200, 41–50: 300, …).
    "per_application": {"bands": [[1, 10, 0], [11, 30, 100]], "rising_step": {"every": 10, "add": 100}},
    # Pages: 1–30 free, 31–100 at 10 yuan, 101–200 at 20 yuan, beyond 200 at 40 yuan.
    "per_page": {"bands": [[1, 30, 0], [31, 100, 10], [101, 200, 20], [201, None, 40]], "rising_step": {}},
}


@dataclass(frozen=True)
class FeeLine:
    first: int
    last: int
    rate: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.units * self.rate


def _bands_with_rising(bands, rising_step, quantity):
    """The fixed bands, then open-ended rising bands generated until the quantity is covered."""
    yield from bands
    if not rising_step or bands[-1][1] is None:
        return
    _, last, rate = bands[-1]
    every, add = int(rising_step["every"]), int(rising_step["add"])
    while last < quantity:
        rate += add
        yield [last + 1, last + every, rate]
        last += every


def fee_lines(quantity: int, bands, rising_step=None) -> list[FeeLine]:
    lines = []
    for first, last, rate in _bands_with_rising(bands, rising_step or {}, quantity):
        if quantity < first:
            break
        top = quantity if last is None else min(last, quantity)
        lines.append(FeeLine(first, top, int(rate)))
    return lines


def fee_amount(quantity: int, bands, rising_step=None) -> int:
    if quantity < 0:
        raise ValueError("数量不能为负数")
    return sum(line.amount for line in fee_lines(quantity, bands, rising_step))


def scale_for(basis: str) -> dict:
    """The administrator's scale if one is stored, else the national default."""
    from gongkai.inforequests.models import FeeScale

    stored = FeeScale.objects.filter(basis=basis).first()
    if stored:
        return {"bands": stored.bands, "rising_step": stored.rising_step, "source": stored.source}
    return {**DEFAULT_SCALES[basis], "source": "国办函〔2020〕109号"}


# The units a fee is counted in, as stored on the notice's event; a Mongolian notice names them in Mongolian.
UNITS = (gettext_noop("页"), gettext_noop("件"))


def describe(lines: list[FeeLine], unit: str) -> str:
    """The standard as printed on a fee notice, in the active language, e.g. 第11—30件：100元/件 × 20 = 2000元."""
    unit = gettext(unit) if unit in UNITS else unit
    return gettext("；").join(_describe_line(line, unit) for line in lines)


def _describe_line(line: FeeLine, unit: str) -> str:
    band = {"first": line.first, "last": line.last, "unit": unit}
    if line.rate == 0:
        return gettext("第%(first)s—%(last)s%(unit)s：免费") % band
    return gettext("第%(first)s—%(last)s%(unit)s：%(rate)s元/%(unit)s × %(units)s = %(amount)s元") % {
        **band,
        "rate": line.rate,
        "units": line.units,
        "amount": line.amount,
    }
