"""The deadline summary shared by `gongkai check`, `gongkai remind` and the dashboard."""

from gongkai.compliance.clock import Dashboard
from gongkai.translations.services import kind_label
from gongkai.workdays.calendar import provisional_wording, provisional_years


def clock_line(clock) -> str:
    item = clock.revision.item
    due = clock.due_on.isoformat()
    if clock.provisional:
        due += f"（{provisional_wording(provisional_years(clock.due_on))}）"
    left = f"，还剩 {clock.remaining} 个工作日" if clock.remaining else ""
    if clock.lateness:
        left = f"，{clock.lateness}"
    return f"  {item.seq}. {item.name} · {clock.channel_name} · 最迟 {due}{left}"


def text_clock_line(clock) -> str:
    """A Mongolian text's clock (group name, life event, contact block) in the words of `clock_line`."""
    tr = clock.translation
    due = tr.due_on.isoformat()
    if tr.due_provisional:
        due += f"（{provisional_wording(provisional_years(tr.due_on))}）"
    left = f"，还剩 {clock.remaining} 个工作日" if clock.remaining else ""
    if clock.lateness:
        left = f"，{clock.lateness}"
    return f"  {kind_label(tr.kind)} {tr.label} · {tr.version_label} · {clock.holder} · 最迟 {due}{left}"


def summary_text(board: Dashboard) -> str:
    lines = [f"公开时限检查（{board.today.isoformat()}）"]
    lines.append(f"已超期未公开：{board.overdue_count}")
    lines += [clock_line(c) for c in board.overdue]
    lines += [text_clock_line(c) for c in board.text_overdue]
    lines.append(f"5 个工作日内到期：{board.due_soon_count}")
    lines += [clock_line(c) for c in board.due_soon]
    lines += [text_clock_line(c) for c in board.text_due_soon]
    lines.append(f"待审核：{board.awaiting_review_count}")
    lines += [f"  {r.item.seq}. {r.item.name} {r.version_label}" for r in board.awaiting_review]
    lines += [f"  {kind_label(tr.kind)} {tr.label} · {tr.version_label}" for tr in board.text_awaiting_review]
    lines.append(f"缺内容的事项：{len(board.missing_content)}")
    for name, rate in board.rate_by_channel.items():
        lines.append(f"按时公开率 · {name}：{rate.percent}%（{rate.on_time}/{rate.decided}）")
    if board.provisional_count:
        lines.append(
            f"注意：{board.provisional_count} 个期限跨入了放假安排未公布的年份，已扣除周末和法定节假日，"
            f"调休尚未公布：{provisional_wording(board.provisional_years)}。"
        )
    return "\n".join(lines)
