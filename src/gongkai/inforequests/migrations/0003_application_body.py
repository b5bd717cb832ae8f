"""Every application is made to a body; an old installation's applications were all made to its one body."""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.bodies.upgrade import default_body


def to_default_body(apps, schema_editor):
    Application = apps.get_model("inforequests", "Application")
    if Application.objects.exists():
        Application.objects.update(body=default_body(apps))


def field(null: bool):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="applications",
        to="bodies.body",
        verbose_name="受理机关",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_bodies"),
        ("catalog", "0002_catalog_body"),
        ("inforequests", "0002_default_document_templates"),
    ]

    operations = [
        migrations.AddField(model_name="application", name="body", field=field(null=True)),
        migrations.RunPython(to_default_body, migrations.RunPython.noop),
        migrations.AlterField(model_name="application", name="body", field=field(null=False)),
    ]
