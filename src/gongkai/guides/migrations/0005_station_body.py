"""A station is in a body (its 嘎查村, 社区 or 苏木乡镇); an old installation's stations are its one body's."""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.bodies.upgrade import default_body


def to_default_body(apps, schema_editor):
    Station = apps.get_model("guides", "Station")
    if Station.objects.exists():
        Station.objects.update(body=default_body(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_bodies"),
        ("catalog", "0002_catalog_body"),
        ("guides", "0004_revision_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="station",
            name="body",
            field=models.ForeignKey(
                blank=True,
                help_text="服务站所在的嘎查村、社区或苏木乡镇",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stations",
                to="bodies.body",
                verbose_name="所在单位",
            ),
        ),
        migrations.RunPython(to_default_body, migrations.RunPython.noop),
    ]
