from django import forms

from gongkai.catalog.area_templates import list_templates
from gongkai.catalog.exchange import MAX_BYTES

ACCEPT = ".xlsx,.docx,.csv,.json"


class BodyChoice(forms.ModelChoiceField):
    def label_from_instance(self, body):
        return f"{'　' * (body.depth - 1)}{body.name}"


class UploadForm(forms.Form):
    body = BodyChoice(queryset=None, label="目录属于哪个单位", empty_label=None)
    file = forms.FileField(
        label="目录文件",
        help_text=f"Excel（.xlsx）、Word（.docx）、CSV 或 JSON，最大 {MAX_BYTES // 1048576} MB。"
        "旧的 .xls、.doc 请先另存为新格式。",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(
        label="目录名称（可不填）",
        max_length=200,
        required=False,
        help_text="文件里没有标题时用这个；不填就用文件名。",
    )
    area = forms.CharField(
        label="领域（可不填）",
        max_length=100,
        required=False,
        help_text="例如 社会保险、就业、社会救助。文件里没有写明时用这个。",
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        only = list(bodies[:2])
        if len(only) == 1:
            self.fields["body"].initial = only[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"文件太大（{upload.size / 1048576:.1f} MB），最大 {MAX_BYTES // 1048576} MB"
            )
        return upload


class TemplateForm(forms.Form):
    body = BodyChoice(queryset=None, label="给哪个单位新建目录", empty_label=None)
    template = forms.ChoiceField(label="哪个领域的模板")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["template"].choices = [
            (template.key, f"{template.area}（{template.items} 项）") for template in list_templates()
        ]
