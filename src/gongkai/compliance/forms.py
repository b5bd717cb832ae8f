"""Forms of the station pages. They only shape input; `guides.services` decides what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.catalog.models import Channel

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PostingDateForm(forms.Form):
    """One step: the day the new version went up at this station (today unless said otherwise)."""

    posted_on = forms.DateField(
        label="张贴日期",
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"required": "请填写张贴日期", "invalid": "日期格式不对，请写成 2026-03-15 这样"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"posted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class StationForm(forms.Form):
    name = forms.CharField(
        label="服务站名称",
        max_length=100,
        help_text="写全称，如：巴彦乌兰嘎查便民服务站、音德尔镇政务服务中心公开栏",
        error_messages={"required": "请填写服务站名称"},
    )
    channel = forms.ModelChoiceField(
        label="属于哪个公开渠道",
        queryset=Channel.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择公开渠道", "invalid_choice": "请选择公开渠道"},
    )
    body = forms.ModelChoiceField(
        label="在哪个单位（嘎查村、社区或苏木乡镇）",
        queryset=None,
        required=False,
        help_text="决定由谁管这个服务站：这个单位和它上级的政务公开办",
    )
    users = forms.ModelMultipleChoiceField(
        label="负责确认张贴的工作人员",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只列出有“服务站”角色的人；在“人员”页面给人加这个角色",
    )

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The bodies the office's grant covers; with only one there is nothing to choose.
        if bodies is None or bodies.count() <= 1:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies
            self.fields["body"].required = True
            self.fields["body"].error_messages["required"] = "请选择服务站所在的单位"
        # The website posts itself when a guide is published; only channels a person posts to have stations.
        self.fields["channel"].queryset = Channel.objects.filter(publishes_on_release=False)
        self.fields["users"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role_grants__role=Role.STATION.value)
            .distinct()
            .order_by("username")
        )
        self.fields["users"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
