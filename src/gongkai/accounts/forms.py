import re
import unicodedata

from django import forms


class CodeForm(forms.Form):
    """One 6-digit code from the authenticator app; spaces people copy along are ignored."""

    code = forms.CharField(
        label="6 位验证码",
        max_length=20,
        help_text="打开手机上的验证器应用，输入它现在显示的 6 位数字。数字每 30 秒换一次，用新的就行。",
        error_messages={"required": "请输入 6 位验证码。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # A Chinese input method may type full-width digits (１２３４５６).
        code = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", self.cleaned_data["code"]))
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError("验证码是 6 位数字，请再看一下手机上显示的数字。")
        return code
