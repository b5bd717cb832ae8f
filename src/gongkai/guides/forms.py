"""Staff forms for a guide revision. They only shape input; the services decide what is allowed."""

from django import forms

from gongkai.guides.content import MATERIAL_FORMS, TIME_UNITS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FEE_CHOICES = [("", "（未填写）"), ("free", "不收费"), ("paid", "收费")]


class GuideForm(forms.Form):
    summary = forms.CharField(label="事项简述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ways = forms.CharField(
        label="办理方式",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：窗口办理、网上办理、手机办理",
    )
    time_limit_number = forms.IntegerField(
        label="办理时限（天数）", required=False, min_value=0, max_value=365
    )
    time_limit_unit = forms.ChoiceField(
        label="时限单位", required=False, choices=[("", "（未填写）")] + [(u, u) for u in TIME_UNITS]
    )
    time_limit_text = forms.CharField(label="时限说明", required=False, max_length=500)
    delivery = forms.CharField(label="结果送达", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fees = forms.ChoiceField(label="是否收费", required=False, choices=FEE_CHOICES)
    fees_basis = forms.CharField(label="收费依据", required=False, max_length=1000)
    fees_standard = forms.CharField(label="收费标准", required=False, max_length=1000)
    hours = forms.CharField(label="办事时间", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    formed_on = forms.DateField(
        label="信息形成或变更日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        help_text="公开期限从这一天的次日起算 20 个工作日。格式：2026-03-15",
        error_messages={"invalid": "日期格式不对，请写成 2026-03-15 这样"},
    )
    is_major = forms.BooleanField(label="重要修改（改了办事要求）", required=False, initial=True)
    change_note = forms.CharField(
        label="修改说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="重要修改必填，会公开在事项的“更新记录”里",
    )

    @classmethod
    def initial_from(cls, rev) -> dict:
        content = rev.content
        fees = content.get("fees") or {}
        limit = content.get("time_limit") or {}
        return {
            "summary": content.get("summary"),
            "ways": content.get("ways"),
            "time_limit_number": limit.get("number"),
            "time_limit_unit": limit.get("unit"),
            "time_limit_text": limit.get("text"),
            "delivery": content.get("delivery"),
            "fees": {True: "free", False: "paid"}.get(fees.get("free"), ""),
            "fees_basis": fees.get("basis"),
            "fees_standard": fees.get("standard"),
            "hours": content.get("hours"),
            "formed_on": rev.formed_on,
            "is_major": rev.is_major,
            "change_note": rev.change_note,
        }

    def content(self, rows: dict) -> dict:
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "materials": rows["materials"],
            "ways": data["ways"],
            "time_limit": {
                "number": data["time_limit_number"],
                "unit": data["time_limit_unit"],
                "text": data["time_limit_text"],
            },
            "delivery": data["delivery"],
            "fees": {
                "free": {"free": True, "paid": False}.get(data["fees"]),
                "basis": data["fees_basis"],
                "standard": data["fees_standard"],
            },
            "hours": data["hours"],
            "places": rows["places"],
            "consult": rows["consult"],
            "complaint": rows["complaint"],
        }


class MaterialForm(forms.Form):
    name = forms.CharField(label="材料名称", required=False, max_length=300)
    form = forms.ChoiceField(label="原件/复印件", choices=[(f, f) for f in MATERIAL_FORMS], required=False)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, required=False)
    notes = forms.CharField(label="备注", required=False, max_length=500)


class PlaceForm(forms.Form):
    name = forms.CharField(label="办理机构", required=False, max_length=1000)
    address = forms.CharField(label="地址", required=False, max_length=1000)
    phone = forms.CharField(label="电话", required=False, max_length=1000)


class ContactForm(forms.Form):
    label = forms.CharField(label="方式", required=False, max_length=1000, help_text="如：电话、网站")
    value = forms.CharField(label="号码或网址", required=False, max_length=1000)


ROW_FORMS = {"materials": MaterialForm, "places": PlaceForm, "consult": ContactForm, "complaint": ContactForm}
ROW_LABELS = {
    "materials": "办理材料",
    "places": "办理机构及地点",
    "consult": "咨询查询途径",
    "complaint": "监督投诉渠道",
}


def row_formsets(data=None, content=None) -> dict:
    """One formset per list in the guide, with three blank rows so no JavaScript is needed to add one."""
    formsets = {}
    for key, form_class in ROW_FORMS.items():
        factory = forms.formset_factory(form_class, extra=3, max_num=60, validate_max=True)
        initial = (content or {}).get(key) or []
        formsets[key] = factory(data=data, initial=initial, prefix=key)
    return formsets


def rows_from(formsets: dict) -> dict:
    rows = {}
    for key, formset in formsets.items():
        rows[key] = [
            {name: value for name, value in form.cleaned_data.items()}
            for form in formset.forms
            if form.cleaned_data
            and any(form.cleaned_data.get(f) for f in ("name", "label", "value", "address"))
        ]
    return rows


class ApproveForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="定时发布（不填则立即发布）",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": "时间格式不对，请写成 2026-03-15 09:00 这样"},
    )
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤下原因", widget=forms.Textarea(attrs={"rows": 2}))


class PostingForm(forms.Form):
    channel = forms.ChoiceField(label="渠道")
    posted_on = forms.DateField(
        label="公开日期",
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"invalid": "日期格式不对，请写成 2026-03-15 这样"},
    )
    place = forms.CharField(
        label="公开地点", required=False, max_length=200, help_text="如：政务服务中心一楼、某某村便民服务站"
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c.pk, c.name) for c in channels]


STATE_FILTERS = [
    ("", "全部"),
    ("none", "还没有办事指南"),
    ("draft", "有草稿"),
    ("submitted", "待审核"),
    ("scheduled", "已批准，定时发布"),
    ("published", "已发布"),
]


class GuideFilterForm(forms.Form):
    """The staff guide list's search and filters; every field may be empty."""

    q = forms.CharField(label="查找（事项名称、序号或指南内容）", required=False, max_length=100)
    state = forms.ChoiceField(label="状态", choices=STATE_FILTERS, required=False)
    channel = forms.ChoiceField(label="公开渠道", required=False)
    formed_from = forms.DateField(
        label="信息形成或变更日期，从",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"invalid": "日期格式不对，请写成 2026-03-15 这样"},
    )
    formed_to = forms.DateField(
        label="到",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"invalid": "日期格式不对，请写成 2026-03-15 这样"},
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "全部")] + [(str(c.pk), c.name) for c in channels]

    def clean(self):
        data = super().clean()
        start, end = data.get("formed_from"), data.get("formed_to")
        if start and end and start > end:
            self.add_error("formed_to", "结束日期不能早于开始日期")
        return data


class TranslationForm(forms.Form):
    """The Mongolian of each text of the Chinese guide it translates: one field per text, the Chinese beside
    it (`parts` in translation.py), in page order, plus the note for the update record."""

    LONG = 60  # Chinese longer than this gets a text area

    def __init__(self, parts: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            long = len(part["chinese"]) > self.LONG or "\n" in part["chinese"]
            # lang/dir tell the browser and screen readers what is typed here; the stylesheet turns it vertical.
            attrs = {"lang": "mn-Mong", "class": "mongolian-input", "spellcheck": "false"}
            self.fields[part["path"]] = forms.CharField(
                label=part["label"],
                required=False,
                max_length=300 if part["path"] == "name" else 5000,
                initial=part["mongolian"],
                widget=forms.Textarea(attrs={**attrs, "rows": 4}) if long else forms.TextInput(attrs=attrs),
            )
        self.fields["change_note"] = forms.CharField(
            label="修改说明", max_length=500, help_text="公开在更新记录里，如：译自中文第3版"
        )

    def texts(self) -> dict[str, str]:
        return {part["path"]: self.cleaned_data[part["path"]] for part in self.parts}

    def rows(self):
        """Each field with its Chinese, for the template."""
        return [(self[part["path"]], part["chinese"]) for part in self.parts]
