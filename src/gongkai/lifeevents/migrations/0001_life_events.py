"""Life events move from the portal into their own app: the rows are kept, their tables renamed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("catalog", "0002_catalog_body"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LifeEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("slug", models.SlugField(verbose_name="网址标识")),
                        ("name", models.CharField(max_length=100, verbose_name="名称")),
                        ("summary", models.CharField(max_length=300, verbose_name="一句话说明")),
                        ("position", models.PositiveIntegerField(default=0, verbose_name="排序")),
                        (
                            "catalog",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="life_events",
                                to="catalog.catalog",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "一件事",
                        "verbose_name_plural": "一件事",
                        "ordering": ["catalog", "position"],
                        "db_table": "portal_lifeevent",
                        "constraints": [
                            models.UniqueConstraint(fields=("catalog", "slug"), name="lifeevent_unique_slug")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="LifeEventStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("position", models.PositiveIntegerField(default=0, verbose_name="顺序")),
                        ("when", models.CharField(blank=True, max_length=300, verbose_name="什么情况下办")),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="lifeevents.lifeevent",
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="catalog.item",
                                verbose_name="事项",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "步骤",
                        "verbose_name_plural": "步骤",
                        "ordering": ["event", "position"],
                        "db_table": "portal_lifeeventstep",
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="lifeevent", table=None),
        migrations.AlterModelTable(name="lifeeventstep", table=None),
    ]
