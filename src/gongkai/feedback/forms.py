import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.feedback.models import MAX_TEXT, FeedbackKind

KIND_LABELS = [
    (FeedbackKind.USEFUL, gettext_lazy("有用")),
    (FeedbackKind.NOT_USEFUL, gettext_lazy("没用，没找到我要的")),
    (FeedbackKind.ERROR, gettext_lazy("我要纠错：内容有错、说得不清楚，或者链接打不开")),
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
    # Hidden, so nobody can fix it: without a page (a form posted by hand) the feedback is about the whole site,
    # and an over-long one is cut, never an error message about a box the visitor cannot see.
    page = forms.CharField(widget=forms.HiddenInput, required=False, strip=True)
    kind = forms.ChoiceField(
        label=gettext_lazy("您觉得这个页面"),
        choices=KIND_LABELS,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选一项"), "invalid_choice": gettext_lazy("请选一项")},
    )
    text = forms.CharField(
        label=gettext_lazy("想说的话（选填）"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        # The limit is filled in by the validator (%(limit_value)d), as the help below is in __init__.
        error_messages={"max_length": gettext_lazy("请写在 %(limit_value)d 字以内")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the page's language, with the limit: formatted when the form is made, not when the module loads.
        self.fields["text"].help_text = _(
            "哪里不对、缺了什么，写几句就行，最多 %(limit)s 字。请不要写身份证号、电话等个人信息。"
        ) % {"limit": MAX_TEXT}

    def clean_page(self):
        # Feedback about a page that is not ours (or no page) is about the site as a whole.
        return page_path(self.cleaned_data["page"][:300]) or "/"

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        # Control and invisible formatting characters say nothing and can hide things from staff.
        kept = "".join(
            c for c in text if c in "\n" or unicodedata.category(c) not in {"Cc", "Cf", "Co", "Cs"}
        )
        return kept.strip()
