"""Staff forms for the annual report. They only shape and check input; the services decide what is allowed."""

from decimal import Decimal

from django import forms

from gongkai.reports.template import COLUMNS, HEADING_ROWS, ROWS, SECTION_TWO, column_label, row_label

FIRST_YEAR = 2008  # the Regulations took effect on 1 May 2008; no report before that year
MONEY_WORD = "万元"
TEXT = forms.Textarea(attrs={"rows": 8})

# Section 二's cells in template order; field names use their position (the labels are Chinese).
TWO_CELLS = [(row, col) for _block, rows, cols in SECTION_TWO for row in rows for col in cols]
# Section 三's adjustable cells: every row with figures, every column.
THREE_CELLS = [(row, col) for row, _, _ in ROWS if row not in HEADING_ROWS for col, _ in COLUMNS]


def two_name(row: str, col: str) -> str:
    return f"two_{TWO_CELLS.index((row, col))}"


def adjustment_name(row: str, col: str) -> str:
    return f"adj__{row}__{col}"


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        error_messages={
            "required": "请填写数字，没有就填 0",
            "invalid": "请填写整数（件数）",
            "min_value": "不能是负数",
        },
    )


def _money_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=4,
        error_messages={
            "required": "请填写金额，没有就填 0",
            "invalid": "请填写数字，如 12.5（单位：万元）",
            "min_value": "不能是负数",
            "max_decimal_places": "最多保留 4 位小数",
        },
    )


def _delta_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"step": 1}),
        error_messages={"invalid": "调整数要写整数，如 1 或 -1"},
    )


class OpenYearForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=FIRST_YEAR,
        error_messages={
            "required": "请填写年度，如 2025",
            "invalid": "请填写四位数的年份，如 2025",
            "min_value": f"条例自 {FIRST_YEAR} 年起施行，不能早于 {FIRST_YEAR} 年",
        },
    )


class ReportForm(forms.Form):
    # The page puts each text under its section heading, so the labels need not repeat it.
    overview = forms.CharField(
        label="正文", required=False, widget=TEXT, help_text="一段一行；发布前必须填写"
    )
    problems = forms.CharField(
        label="正文", required=False, widget=TEXT, help_text="一段一行；不填写则公布为“无。”"
    )
    other_matters = forms.CharField(
        label="正文", required=False, widget=TEXT, help_text="一段一行；不填写则公布为“无。”"
    )
    correction_note = forms.CharField(
        label="更正说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="更正了什么、为什么更正；和更正后的报告一起公开",
    )
    adjustment_note = forms.CharField(
        label="人工调整说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="调整了表三的数字时必填：写明调整了什么、为什么（如“系统上线前纸质办理 2 件”）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row, col in TWO_CELLS:
            label = f"{row} · {col}"
            self.fields[two_name(row, col)] = (
                _money_field(label) if MONEY_WORD in col else _count_field(label)
            )
        for row, col in THREE_CELLS:
            self.fields[adjustment_name(row, col)] = _delta_field(
                f"{row_label(row)} · {column_label(col)} 调整数"
            )

    @classmethod
    def initial_from(cls, report) -> dict:
        initial = {
            "overview": report.overview,
            "problems": report.problems,
            "other_matters": report.other_matters,
            "adjustment_note": report.adjustment_note,
            "correction_note": report.correction_note,
        }
        two = report.section_two or {}
        for row, col in TWO_CELLS:
            initial[two_name(row, col)] = two.get(row, {}).get(col, 0)
        for row, cells in (report.adjustments or {}).items():
            for col, delta in cells.items():
                initial[adjustment_name(row, col)] = delta
        return initial

    def section_two(self) -> dict:
        values: dict = {}
        for row, col in TWO_CELLS:
            value = self.cleaned_data[two_name(row, col)]
            values.setdefault(row, {})[col] = float(value) if isinstance(value, Decimal) else value
        return values

    def adjustments(self) -> dict:
        values: dict = {}
        for row, col in THREE_CELLS:
            delta = self.cleaned_data.get(adjustment_name(row, col))
            if delta:
                values.setdefault(row, {})[col] = delta
        return values


class CorrectionForm(forms.Form):
    correction_note = forms.CharField(
        label="更正说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明要更正什么、为什么，如“表三漏计纸质申请 1 件”。这段说明会和更正后的报告一起公开。",
        error_messages={"required": "请写明更正了什么、为什么更正"},
    )
