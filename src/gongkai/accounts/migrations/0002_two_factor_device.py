# Hand-named: the authenticator devices under a name the admin shows in Chinese.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_role_groups"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="TwoFactorDevice",
            fields=[],
            options={
                "verbose_name": "两步验证",
                "verbose_name_plural": "两步验证",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("otp_totp.totpdevice",),
        ),
    ]
