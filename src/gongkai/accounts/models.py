from django.conf import settings
from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.roles import Role
from gongkai.bodies.models import Body


class TwoFactorDevice(TOTPDevice):
    """django-otp's authenticator device under a name administrators understand, in our own admin."""

    class Meta:
        proxy = True
        verbose_name = "两步验证"
        verbose_name_plural = "两步验证"


class RoleGrant(models.Model):
    """A role held on a body, covering that body and every body below it.

    A grant with no body covers the whole installation: the platform's own administrators, and every
    grant made before the installation knew about bodies (one bureau, so nothing is widened).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants", verbose_name="人员"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name="公开主体",
        help_text="留空表示整个平台",
    )

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "body"], name="rolegrant_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(body=None), name="rolegrant_unique_everywhere"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.body or '整个平台'}"
