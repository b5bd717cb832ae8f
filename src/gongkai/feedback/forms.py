import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve

from gongkai.feedback.models import MAX_TEXT, FeedbackKind

KIND_LABELS = [
    (FeedbackKind.USEFUL, "有用"),
    (FeedbackKind.NOT_USEFUL, "没用，没找到我要的"),
    (FeedbackKind.ERROR, "我要纠错：内容有错、说得不清楚，或者链接打不开"),
]


def page_path(value: str | None) -> str:
    """A path of this site that the feedback is about, or "" when it is not one."""
    path = urlsplit((value or "").strip()).path
    if not path.startswith("/") or path.startswith("//") or len(path) > 300:
        return ""
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path


class FeedbackForm(forms.Form):
    page = forms.CharField(widget=forms.HiddenInput, max_length=300)
    kind = forms.ChoiceField(
        label="您觉得这个页面",
        choices=KIND_LABELS,
        widget=forms.RadioSelect,
        error_messages={"required": "请选一项", "invalid_choice": "请选一项"},
    )
    text = forms.CharField(
        label="想说的话（选填）",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"哪里不对、缺了什么，写几句就行，最多 {MAX_TEXT} 字。请不要写身份证号、电话等个人信息。",
        error_messages={"max_length": f"请写在 {MAX_TEXT} 字以内"},
    )

    def clean_page(self):
        # Feedback about a page that is not ours (or no page) is about the site as a whole.
        return page_path(self.cleaned_data["page"]) or "/"

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        # Control and invisible formatting characters say nothing and can hide things from staff.
        kept = "".join(
            c for c in text if c in "\n" or unicodedata.category(c) not in {"Cc", "Cf", "Co", "Cs"}
        )
        return kept.strip()
