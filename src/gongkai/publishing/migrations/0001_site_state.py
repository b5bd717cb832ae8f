"""The change stamp moves from the portal (a face) to the publishing app every other app writes to.

The row and its table are kept: the model is adopted as it stands, then its table is renamed.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "changed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="内容更新时间"
                            ),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="演示数据")),
                    ],
                    options={
                        "verbose_name": "网站状态",
                        "verbose_name_plural": "网站状态",
                        "db_table": "portal_sitestate",
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="sitestate", table=None),
    ]
