"""The template's consistency rules. A failing check names the cell and the numbers; publishing waits for a fix."""

from dataclasses import dataclass

from gongkai.reports.template import (
    COLUMNS,
    GROUPS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    TYPE_COLUMNS,
    column_label,
    row_label,
)


@dataclass(frozen=True)
class CheckFailure:
    cell: str
    message: str

    def __str__(self):
        return f"{self.cell}：{self.message}"


def _balance(three) -> list[CheckFailure]:
    failures = []
    for col, label in COLUMNS:
        left = three["new"][col] + three["carried_over"][col]
        right = three["total"][col] + three["carried_forward"][col]
        if left != right:
            failures.append(
                CheckFailure(
                    f"三 · {label}列",
                    f"一（{three['new'][col]}）+ 二（{three['carried_over'][col]}）= {left}，"
                    f"但 三（七）（{three['total'][col]}）+ 四（{three['carried_forward'][col]}）= {right}",
                )
            )
    return failures


def _groups(three) -> list[CheckFailure]:
    failures = []
    for group, rows in GROUPS.items():
        for col, label in COLUMNS:
            parts = sum(three[row][col] for row in rows)
            if parts != three[group][col]:
                failures.append(
                    CheckFailure(
                        f"三 · {row_label(group)} · {label}列",
                        f"分项合计 {parts}，与本行 {three[group][col]} 不一致",
                    )
                )
    for col, label in COLUMNS:
        parts = sum(three[row][col] for row in ("granted", "partial", *GROUPS))
        if parts != three["total"][col]:
            failures.append(
                CheckFailure(
                    f"三 · （七）总计 · {label}列",
                    f"（一）至（六）合计 {parts}，与总计 {three['total'][col]} 不一致",
                )
            )
    return failures


def _row_totals(three) -> list[CheckFailure]:
    failures = []
    for row, cells in three.items():
        parts = sum(cells[col] for col in TYPE_COLUMNS)
        if parts != cells["total"]:
            failures.append(
                CheckFailure(
                    f"三 · {row_label(row)} · 总计列",
                    f"各类申请人合计 {parts}，与总计 {cells['total']} 不一致",
                )
            )
    return failures


def _negative(three) -> list[CheckFailure]:
    return [
        CheckFailure(f"三 · {row_label(row)} · {column_label(col)}列", f"不能是负数（{value}）")
        for row, cells in three.items()
        for col, value in cells.items()
        if value < 0
    ]


def _previous_year(three, previous) -> list[CheckFailure]:
    if previous is None:
        return []
    return [
        CheckFailure(
            f"三 · 二、上年结转 · {label}列",
            f"本年 {three['carried_over'][col]}，上年报告“结转下年度继续办理”为 {previous['carried_forward'][col]}",
        )
        for col, label in COLUMNS
        if three["carried_over"][col] != previous["carried_forward"][col]
    ]


def _four(four) -> list[CheckFailure]:
    failures = []
    for block, label in REVIEW_BLOCKS:
        parts = sum(four[block][col] for col, _ in REVIEW_COLUMNS if col != "total")
        if parts != four[block]["total"]:
            failures.append(
                CheckFailure(
                    f"四 · {label} · 总计", f"各项合计 {parts}，与总计 {four[block]['total']} 不一致"
                )
            )
    return failures


def check_tables(three, four, previous_three=None) -> list[CheckFailure]:
    return [
        *_negative(three),
        *_balance(three),
        *_groups(three),
        *_row_totals(three),
        *_previous_year(three, previous_three),
        *_four(four),
    ]
