from django_otp.plugins.otp_totp.models import TOTPDevice


class TwoFactorDevice(TOTPDevice):
    """django-otp's authenticator device under a name administrators understand, in our own admin."""

    class Meta:
        proxy = True
        verbose_name = "两步验证"
        verbose_name_plural = "两步验证"
