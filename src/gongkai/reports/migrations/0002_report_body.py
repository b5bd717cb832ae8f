"""Each body has its own annual report per year; an old installation's reports were its one body's."""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.bodies.upgrade import default_body


def to_default_body(apps, schema_editor):
    AnnualReport = apps.get_model("reports", "AnnualReport")
    if AnnualReport.objects.exists():
        AnnualReport.objects.update(body=default_body(apps))


def field(null: bool):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="annual_reports",
        to="bodies.body",
        verbose_name="报告机关",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_bodies"),
        ("catalog", "0002_catalog_body"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualreport", name="year", field=models.PositiveIntegerField("年度")
        ),
        migrations.AddField(model_name="annualreport", name="body", field=field(null=True)),
        migrations.RunPython(to_default_body, migrations.RunPython.noop),
        migrations.AlterField(model_name="annualreport", name="body", field=field(null=False)),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(fields=("body", "year"), name="annualreport_unique_body_year"),
        ),
    ]
