"""The 2021 national template of the annual report (国办公开办函〔2021〕30号): headings, rows and columns."""

SECTION_TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# Section 二: four small tables. (block, rows, columns)
SECTION_TWO = [
    ("第二十条第（一）项", ["规章", "行政规范性文件"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
    ("第二十条第（五）项", ["行政许可"], ["本年处理决定数量"]),
    ("第二十条第（六）项", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
    ("第二十条第（八）项", ["行政事业性收费"], ["本年收费金额（单位：万元）"]),
]

# Section 三 columns: applicant types, in the template's order.
COLUMNS = [
    ("person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
]
ORG_COLUMNS = ["commercial", "research", "nonprofit", "legal", "other_org"]
TYPE_COLUMNS = ["person", *ORG_COLUMNS]

# Section 三 rows: (key, label, indent level). Group rows ("denied" …) hold the sum of their sub-rows.
ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", 0),
    ("carried_over", "二、上年结转政府信息公开申请数量", 0),
    ("results", "三、本年度办理结果", 0),
    ("granted", "（一）予以公开", 1),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    ("denied", "（三）不予公开", 1),
    ("denied_1", "1.属于国家秘密", 2),
    ("denied_2", "2.其他法律行政法规禁止公开", 2),
    ("denied_3", "3.危及“三安全一稳定”", 2),
    ("denied_4", "4.保护第三方合法权益", 2),
    ("denied_5", "5.属于三类内部事务信息", 2),
    ("denied_6", "6.属于四类过程性信息", 2),
    ("denied_7", "7.属于行政执法案卷", 2),
    ("denied_8", "8.属于行政查询事项", 2),
    ("unable", "（四）无法提供", 1),
    ("unable_1", "1.本机关不掌握相关政府信息", 2),
    ("unable_2", "2.没有现成信息需要另行制作", 2),
    ("unable_3", "3.补正后申请内容仍不明确", 2),
    ("not_handled", "（五）不予处理", 1),
    ("not_handled_1", "1.信访举报投诉类申请", 2),
    ("not_handled_2", "2.重复申请", 2),
    ("not_handled_3", "3.要求提供公开出版物", 2),
    ("not_handled_4", "4.无正当理由大量反复申请", 2),
    ("not_handled_5", "5.要求行政机关确认或重新出具已获取信息", 2),
    ("other", "（六）其他处理", 1),
    ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_3", "3.其他", 2),
    ("total", "（七）总计", 1),
    ("carried_forward", "四、结转下年度继续办理", 0),
]
GROUPS = {
    "denied": [f"denied_{i}" for i in range(1, 9)],
    "unable": [f"unable_{i}" for i in range(1, 4)],
    "not_handled": [f"not_handled_{i}" for i in range(1, 6)],
    "other": [f"other_{i}" for i in range(1, 4)],
}
RESULT_ROWS = [
    "granted",
    "partial",
    *GROUPS["denied"],
    *GROUPS["unable"],
    *GROUPS["not_handled"],
    *GROUPS["other"],
]
# The heading row "三、本年度办理结果" carries no figures in the template.
HEADING_ROWS = {"results"}

# Section 四: three blocks, five columns each.
REVIEW_BLOCKS = [
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼：未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼：复议后起诉"),
]
REVIEW_COLUMNS = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]


def row_label(key: str) -> str:
    return next(label for k, label, _ in ROWS if k == key)


def column_label(key: str) -> str:
    return next(label for k, label in COLUMNS if k == key)
