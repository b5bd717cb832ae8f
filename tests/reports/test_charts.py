"""The SVG charts: well-formed, named for screen readers, text escaped, no inline styles."""

from lxml import etree

from gongkai.reports.charts import LAST_YEAR, THIS_YEAR, Chart, Series

SVG = "{http://www.w3.org/2000/svg}"


def chart(**overrides) -> Chart:
    values = {
        "key": "c1",
        "title": "每月收到的申请 <2025>",
        "desc": "共 3 件 & 上年 1 件",
        "categories": ["1月", "2月"],
        "series": [Series("2024年", [1, 0], LAST_YEAR), Series("2025年", [2, 1], THIS_YEAR)],
        "unit": "件",
    }
    return Chart(**{**values, **overrides})


def parse(c: Chart):
    return etree.fromstring(str(c.svg()).encode())


def test_vertical_chart_is_well_formed_and_labelled():
    root = parse(chart())
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "每月收到的申请 <2025>"  # escaped in the markup, intact when read
    assert root.find(f"{SVG}desc").text == "共 3 件 & 上年 1 件"
    assert not root.xpath("//*[@style]")
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert {LAST_YEAR, THIS_YEAR} <= fills
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "1月" in texts and "2" in texts and "单位：件" in texts


def test_horizontal_chart_shows_missing_values_as_a_dash():
    c = chart(
        horizontal=True,
        series=[Series("2025年", [None, 50.5], THIS_YEAR)],
        top=100,
        fmt=lambda v: "—" if v is None else f"{v}%",
    )
    root = parse(c)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "—" in texts and "50.5%" in texts
    assert c.rows == [("1月", ["—"]), ("2月", ["50.5%"])]


def test_all_zero_chart_still_draws():
    root = parse(chart(series=[Series("2025年", [0, 0], THIS_YEAR)]))
    assert root.find(f"{SVG}title") is not None
