"""Each body has its own annual report per year (and versions of it); an old installation's reports were its
one body's."""

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
        ("reports", "0002_report_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualreport", name="year", field=models.PositiveIntegerField("年度")
        ),
        migrations.AddField(model_name="annualreport", name="body", field=field(null=True)),
        migrations.RunPython(to_default_body, migrations.RunPython.noop),
        migrations.AlterField(model_name="annualreport", name="body", field=field(null=False)),
        # One version number, one published and one draft version per body and year (was: per year).
        migrations.RemoveConstraint(model_name="annualreport", name="report_unique_version"),
        migrations.RemoveConstraint(model_name="annualreport", name="report_one_published"),
        migrations.RemoveConstraint(model_name="annualreport", name="report_one_draft"),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                fields=("body", "year", "version"), name="report_unique_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "published")),
                fields=("body", "year"),
                name="report_one_published",
            ),
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "draft")), fields=("body", "year"), name="report_one_draft"
            ),
        ),
    ]
