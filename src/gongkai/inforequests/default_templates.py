"""The default wording of the written notices of on-request disclosure (依申请公开文书).

Pure data, no Django: the data migration copies TITLES and BODIES into DocumentTemplate rows, which the
disclosure office may then edit; documents.py falls back to them when a row is missing.

Bodies are Django template text restricted to placeholders ({{ 申请人 }}) and {% if %}…{% else %}…{% endif %}
(see documents.validate_template_body). One line is one paragraph; blank lines are ignored. A first line
ending in "：" is the salutation and is printed flush left. The issuing body and the date are not part of
the body: every document prints them at the bottom right.

Article numbers are those of 《中华人民共和国政府信息公开条例》 (国务院令第711号, 2019).
"""

RECEIPT = "receipt"
CORRECTION = "correction"
CONSULTATION = "consultation"
EXTENSION = "extension"
FEE_NOTICE = "fee_notice"
REPLY = "reply"

# ---------------------------------------------------------------------------------------- placeholders

# Every placeholder a body may use, with what it is filled with. All values are plain text.
PLACEHOLDERS = {
    # Every document
    "申请人": "申请人姓名或名称",
    "联系人": "申请人为法人或其他组织时的联系人",
    "查询码": "申请的查询码",
    "收到日期": "收到申请的日期（条例第三十一条）",
    "收到日期规则": "按提交方式确定收到日期的规则，例如“当面提交的，以提交之日为收到申请之日”",
    "答复期限": "文书发出时的答复期限（预计的注明“预计，以国务院办公厅公布的××年放假安排为准”）",
    "申请内容": "申请人填写的所需信息的名称、文号或特征描述",
    "信息载体": "申请人要求的信息载体，例如“纸质”",
    "获取方式": "申请人要求的获取方式，例如“邮寄”",
    "机关名称": "本机关名称（目录的发布单位）",
    "日期": "文书日期（引起该文书的办理事项的日期）",
    "文号": "文书编号（本机关发文登记的号），例如“扎人社依申答〔2026〕3号”",
    "咨询电话": "咨询电话，12333",
    # 补正告知书
    "补正事项": "需要补正的事项",
    "补正期限": "补正期限",
    "补正告知日期": "发出补正告知的日期",
    # 征求意见函
    "征求对象": "被征求意见的第三方或机关",
    "征求期限": "提出意见的期限（发函后15个工作日）",
    # 延期答复告知书
    "延长天数": "延长的工作日数",
    "延期理由": "延期理由",
    "原答复期限": "延期前的答复期限",
    # 收费通知书
    "收费金额": "信息处理费金额，例如“1700元”",
    "收费标准": "适用的收费档次及计算，例如“第1—30页：免费；第31—100页：10元/页 × 70 = 700元”",
    "计收方式": "按件计收或按量计收",
    "计费数量": "计费的页数或件数，例如“您申请的政府信息共150页”",
    "收费依据": "收费依据文件的文号，例如“国办函〔2020〕109号”",
    "缴费方式": "缴费方式",
    "缴费期限": "缴费期限（发出通知后20个工作日）",
    "收费通知日期": "发出收费通知的日期",
    # 答复书
    "办理结果": "办理结果（年度报告的分类），例如“不予公开：属于国家秘密”",
    "结果类别": "办理结果的大类：予以公开、部分公开、不予公开、无法提供、不予处理、其他处理",
    "答复类型": "条例第三十六条的答复类型",
    "结果段落": "按办理结果自动选用的标准段落（见 default_templates.RESULT_PARAGRAPHS）",
    "答复内容": "承办人填写的答复内容或理由",
    "复议机关": "受理行政复议的机关：本机关上一级人民政府，或在“文书落款和联系方式”里填写的机关",
    "管辖法院": "受理行政诉讼的人民法院，在“文书落款和联系方式”里填写；未填写时为“有管辖权的人民法院”",
}

COMMON_PLACEHOLDERS = (
    "申请人",
    "联系人",
    "查询码",
    "收到日期",
    "收到日期规则",
    "答复期限",
    "申请内容",
    "信息载体",
    "获取方式",
    "机关名称",
    "日期",
    "文号",
    "咨询电话",
)
_CORRECTION = ("补正事项", "补正期限", "补正告知日期")
_CONSULTATION = ("征求对象", "征求期限")
_EXTENSION = ("延长天数", "延期理由", "原答复期限")
_FEE = ("收费金额", "收费标准", "计收方式", "计费数量", "收费依据", "缴费方式", "缴费期限", "收费通知日期")
_REPLY = ("办理结果", "结果类别", "答复类型", "结果段落", "答复内容", "复议机关", "管辖法院")

# The placeholders each kind of document may use. A reply may mention any earlier step of the case.
KIND_PLACEHOLDERS = {
    RECEIPT: COMMON_PLACEHOLDERS,
    CORRECTION: COMMON_PLACEHOLDERS + _CORRECTION,
    CONSULTATION: COMMON_PLACEHOLDERS + _CONSULTATION,
    EXTENSION: COMMON_PLACEHOLDERS + _EXTENSION,
    FEE_NOTICE: COMMON_PLACEHOLDERS + _FEE,
    REPLY: COMMON_PLACEHOLDERS + _CORRECTION + _CONSULTATION + _EXTENSION + _FEE + _REPLY,
}

# ---------------------------------------------------------------------------------------- titles and bodies

TITLES = {
    RECEIPT: "政府信息公开申请受理回执",
    CORRECTION: "政府信息公开申请补正告知书",
    CONSULTATION: "政府信息公开征求意见函",
    EXTENSION: "政府信息公开申请延期答复告知书",
    FEE_NOTICE: "政府信息公开信息处理费收费通知书",
    REPLY: "政府信息公开申请答复书",
}

RECEIPT_BODY = """\
{{ 申请人 }}：
您提出的政府信息公开申请本机关已收悉，您申请获取“{{ 申请内容 }}”。根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十一条的规定，{{ 收到日期规则 }}。本机关收到您申请的日期为{{ 收到日期 }}。
根据《条例》第三十三条的规定，本机关将自收到申请之日起20个工作日内，即{{ 答复期限 }}前作出答复；需要延长答复期限的，将另行书面告知。补正申请、征求第三方或者其他机关意见以及缴纳信息处理费所需时间，不计算在答复期限内。
本申请的查询码为{{ 查询码 }}，凭查询码和联系电话后四位可以查询办理进度。咨询电话：{{ 咨询电话 }}。
特此回执。
"""

CORRECTION_BODY = """\
{{ 申请人 }}：
本机关于{{ 收到日期 }}收到您提出的政府信息公开申请（查询码：{{ 查询码 }}），您申请获取“{{ 申请内容 }}”。
经审查，您的申请内容不明确，本机关无法据此确定您所需的政府信息。根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十条的规定，现一次性告知您对下列事项作出补正：
{{ 补正事项 }}
请您于{{ 补正期限 }}前（含当日）将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。
根据《条例》第三十条的规定，您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。
特此告知。
"""

CONSULTATION_BODY = """\
{{ 征求对象 }}：
本机关于{{ 收到日期 }}收到一件政府信息公开申请，申请获取“{{ 申请内容 }}”。经审查，该政府信息可能涉及贵方的商业秘密、个人隐私等合法权益，公开后可能损害贵方合法权益。根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十二条的规定，现书面征求贵方意见。
请贵方自收到本函之日起15个工作日内，即{{ 征求期限 }}前（含当日），就是否同意公开上述信息向本机关提出书面意见；不同意公开的，请说明理由。
逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。
特此函询。
"""

EXTENSION_BODY = """\
{{ 申请人 }}：
本机关于{{ 收到日期 }}收到您提出的政府信息公开申请（查询码：{{ 查询码 }}），您申请获取“{{ 申请内容 }}”。原答复期限为{{ 原答复期限 }}。
因{{ 延期理由 }}，本机关不能在原答复期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ 延长天数 }}个工作日，本机关将于{{ 答复期限 }}前作出答复。
特此告知。
"""

FEE_NOTICE_BODY = """\
{{ 申请人 }}：
本机关于{{ 收到日期 }}收到您提出的政府信息公开申请（查询码：{{ 查询码 }}），您申请获取“{{ 申请内容 }}”。经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第四十二条的规定，本机关依法收取信息处理费。现将有关事项通知如下：
一、收费依据：《中华人民共和国政府信息公开条例》第四十二条，《政府信息公开信息处理费管理办法》（{{ 收费依据 }}）。
二、收费标准：{{ 计收方式 }}，{{ 收费标准 }}。
三、收费金额：{{ 计费数量 }}，应缴纳信息处理费人民币{{ 收费金额 }}。
四、缴费方式：{{ 缴费方式 }}。
五、缴费期限：请于{{ 缴费期限 }}前（含当日）缴纳，即自本通知发出之日的次日起20个工作日内。逾期未缴纳的，视为放弃申请，本机关不再处理您的政府信息公开申请。
自本通知发出之日起至您缴纳费用之日止的期间，不计算在答复期限内。
特此通知。
"""

REPLY_BODY = """\
{{ 申请人 }}：
本机关于{{ 收到日期 }}收到您提出的政府信息公开申请（查询码：{{ 查询码 }}），您申请获取“{{ 申请内容 }}”。根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，现答复如下：
{{ 结果段落 }}
{{ 答复内容 }}
如对本答复不服，可以自收到本答复之日起六十日内依法向{{ 复议机关 }}申请行政复议，或者自收到本答复之日起六个月内依法向{{ 管辖法院 }}提起行政诉讼。
特此答复。
"""

BODIES = {
    RECEIPT: RECEIPT_BODY,
    CORRECTION: CORRECTION_BODY,
    CONSULTATION: CONSULTATION_BODY,
    EXTENSION: EXTENSION_BODY,
    FEE_NOTICE: FEE_NOTICE_BODY,
    REPLY: REPLY_BODY,
}

# ---------------------------------------------------------------------------------------- the reply's result

# The six groups of 办理结果, as section 三 of the annual report names them, keyed by the Result value prefix.
RESULT_GROUPS = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "not_handled": "不予处理",
    "other": "其他处理",
}


def result_group(result: str) -> str:
    """ "denied_4" → "denied"; "granted" → "granted"."""
    head, _, tail = result.rpartition("_")
    return head if head and tail.isdigit() else result


# {{ 结果段落 }}: a standard paragraph for each result. They are template text too, filled from the same
# placeholders, and refer to the Regulations as 《条例》 (the reply body introduces the short name).
# The reason of a 不予公开 is stated by its category and article; the handler's 答复内容 follows.
_DENIED = "经审查，您申请获取的政府信息{reason}。根据《条例》{article}的规定，本机关决定不予公开。"

RESULT_PARAGRAPHS = {
    # 予以公开: worded by the 第三十六条 reply type, see REPLY_TYPE_PARAGRAPHS; this is the fallback.
    "granted": "经审查，您申请获取的政府信息属于可以公开的政府信息。根据《条例》第三十六条第（二）项的规定，本机关决定予以公开，现将有关情况告知如下。",
    "partial": "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。根据《条例》第三十七条的规定，本机关决定部分公开：向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下。",
    "denied_1": _DENIED.format(reason="属于依法确定为国家秘密的政府信息", article="第十四条"),
    "denied_2": _DENIED.format(reason="属于法律、行政法规禁止公开的政府信息", article="第十四条"),
    "denied_3": _DENIED.format(
        reason="公开后可能危及国家安全、公共安全、经济安全、社会稳定", article="第十四条"
    ),
    "denied_4": _DENIED.format(
        reason="涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", article="第十五条"
    ),
    "denied_5": _DENIED.format(
        reason="属于人事管理、后勤管理、内部工作流程等方面的内部事务信息", article="第十六条第一款"
    ),
    "denied_6": _DENIED.format(
        reason="属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
        article="第十六条第二款",
    ),
    "denied_7": _DENIED.format(reason="属于行政执法案卷信息", article="第十六条第二款"),
    "denied_8": "经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对该类信息的获取另有规定。根据《条例》第三十六条第（七）项的规定，请您依照有关规定通过相应渠道办理：参保缴费记录、待遇享受记录等，可以持本人有效身份证件到社会保险经办机构查询，也可以通过网上服务平台或者拨打{{ 咨询电话 }}查询。",
    # 本机关不掌握: worded by the reply type (信息不存在, or 不属于本机关负责公开); this is the fallback.
    "unable_1": "经检索，本机关没有制作或者获取您申请公开的政府信息。根据《条例》第三十六条第（四）项的规定，现告知您该政府信息不存在。",
    "unable_2": "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析才能形成。根据《条例》第三十八条的规定，本机关不予提供。",
    "unable_3": "您补正后的申请仍未能写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述，本机关无法确定您所申请的政府信息。根据《条例》第二十九条、第三十条的规定，本机关无法向您提供。",
    "not_handled_1": "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据《条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请您通过信访、投诉、举报等相应渠道提出。",
    "not_handled_2": "经审查，本机关已就您提出的同一申请作出答复，您的申请属于重复申请。根据《条例》第三十六条第（六）项的规定，本机关不予重复处理。",
    "not_handled_3": "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据《条例》第三十九条第二款的规定，本机关不作为政府信息公开申请处理，现告知您获取的途径如下。",
    "not_handled_4": "经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，您的申请理由不合理。根据《条例》第三十五条的规定，本机关不予处理。",
    "not_handled_5": "经审查，您的申请是要求本机关确认或者重新出具您已获取的信息。根据《条例》第三十八条的规定，本机关向申请人提供的是已制作或者获取的政府信息，您的申请不作为政府信息公开申请处理。",
    "other_1": "本机关已于{{ 补正告知日期 }}书面告知您对申请作出补正，补正期限为{{ 补正期限 }}。您无正当理由逾期未补正。根据《条例》第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
    "other_2": "本机关已于{{ 收费通知日期 }}向您发出信息处理费收费通知，缴费期限为{{ 缴费期限 }}。您逾期未按收费通知要求缴纳费用。根据《政府信息公开信息处理费管理办法》（{{ 收费依据 }}）的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
    "other_3": "根据《条例》的有关规定，现将本机关对您申请的处理情况告知如下。",
}

# For results whose wording depends on the 第三十六条 reply type. Keys: (result, reply type value).
REPLY_TYPE_PARAGRAPHS = {
    (
        "granted",
        "1",
    ): "经审查，您申请获取的政府信息属于本机关已经主动公开的政府信息。根据《条例》第三十六条第（一）项的规定，现告知您获取该政府信息的方式和途径如下。",
    ("granted", "2"): RESULT_PARAGRAPHS["granted"],
    (
        "granted",
        "7",
    ): "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。根据《条例》第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理。",
    ("unable_1", "4"): RESULT_PARAGRAPHS["unable_1"],
    (
        "unable_1",
        "5",
    ): "经审查，您申请获取的政府信息不属于本机关负责公开。根据《条例》第三十六条第（五）项的规定，现告知您如下；能够确定负责公开该政府信息的行政机关的，一并告知该行政机关的名称、联系方式。",
}


def result_paragraph(result: str, reply_type: str = "") -> str:
    """The template text of {{ 结果段落 }} for a result and reply type; empty for an unknown result."""
    return REPLY_TYPE_PARAGRAPHS.get((result, reply_type)) or RESULT_PARAGRAPHS.get(result, "")
