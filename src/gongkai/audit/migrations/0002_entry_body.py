"""Audit entries name the body they concern; an old installation's entries all concern its one body."""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.bodies.upgrade import default_body


def to_default_body(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    if AuditEntry.objects.exists():
        AuditEntry.objects.update(body=default_body(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("bodies", "0001_bodies"),
        ("catalog", "0002_catalog_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="bodies.body",
                verbose_name="公开主体",
            ),
        ),
        migrations.RunPython(to_default_body, migrations.RunPython.noop),
    ]
