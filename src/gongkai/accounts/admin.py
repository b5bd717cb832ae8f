from django.conf import settings
from django.contrib import admin, messages
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401 (registers theirs first)
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import (
    admin_bodies,  # noqa: F401  (registers the tree of public bodies)
    two_factor,
)
from gongkai.accounts.models import TwoFactorDevice

# django-otp's own admin shows each secret and its QR code: whoever sees one can make the codes. Ours never
# shows it; the only change it offers is the audited reset.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TwoFactorDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "state", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_help_text = "输入工作人员的用户名或姓名"
    fields = ["user", "state", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    actions = ["reset_two_factor"]

    @admin.display(description="状态", ordering="confirmed")
    def state(self, device):
        return "已开启" if device.confirmed else "正在设置（还没输入验证码确认）"

    @admin.action(description="重置所选人员的两步验证（手机丢了或换了时用）", permissions=["reset"])
    def reset_two_factor(self, request, queryset):
        users = {device.user for device in queryset.select_related("user")}
        for user in users:
            two_factor.reset(user, acting_user=request.user)
        names = "、".join(sorted(user.get_username() for user in users))
        if settings.REQUIRE_TWO_FACTOR:
            after = "他们下次用密码登录后，会被带到“两步验证”页面，用新手机重新设置。"
        else:
            after = "他们下次登录只需要密码，登录后可以在“两步验证”页面用新手机重新开启。"
        messages.success(request, f"已重置：{names}。{after}")

    def has_reset_permission(self, request):
        return request.user.has_perm("accounts.delete_twofactordevice")

    # Devices are made by their owners on the 两步验证 page and removed only through the reset above.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
