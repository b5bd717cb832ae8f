import re
import unicodedata

from django import forms

from gongkai.accounts.roles import Role


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


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class PersonForm(forms.Form):
    """Name and e-mail of a staff member, as the 人员 page edits them."""

    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="用来接收待审核、待张贴等提醒；可以不填",
        error_messages={"invalid": "邮箱格式不对，请写成 name@example.org 这样"},
    )


class NewPersonForm(PersonForm):
    username = forms.CharField(
        label="用户名（登录用）",
        max_length=150,
        help_text="字母、数字或汉字，登录时输入；建议用姓名拼音，如 zhangsan",
        error_messages={"required": "请填写用户名"},
    )
    roles = forms.MultipleChoiceField(
        label="角色", choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    body = forms.ModelChoiceField(
        label="在哪个单位担任这些角色",
        queryset=None,
        required=False,
        help_text="角色只在这个单位和它的下级单位里有效",
    )
    field_order = ["username", "full_name", "email", "roles", "body"]

    def __init__(self, *args, bodies=None, everywhere=False, **kwargs):
        super().__init__(*args, **kwargs)
        _body_choice(self, bodies, everywhere)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[\w.@+-]+", username):
            raise forms.ValidationError("用户名只能用字母、数字、汉字和 . @ + - _，不能有空格")
        return username


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="角色", choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    body = forms.ModelChoiceField(
        label="在哪个单位担任这些角色",
        queryset=None,
        required=False,
        help_text="角色只在这个单位和它的下级单位里有效",
    )

    def __init__(self, *args, bodies=None, everywhere=False, **kwargs):
        super().__init__(*args, **kwargs)
        _body_choice(self, bodies, everywhere)


def _body_choice(form, bodies, everywhere: bool) -> None:
    # An office over one body grants on that body; with several, the person chooses. An office over the
    # whole installation may also grant over the whole installation (the empty choice).
    if bodies is None or bodies.count() <= (0 if everywhere else 1):
        del form.fields["body"]
    else:
        form.fields["body"].queryset = bodies
        form.fields["body"].empty_label = "整个平台（所有单位）" if everywhere else None
