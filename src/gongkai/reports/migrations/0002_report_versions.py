"""Versions of a year's report: a correction after publication is a new version, the old one is kept and
marked superseded. Existing reports become version 1 of their year, with their state unchanged."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="annualreport",
            name="year",
            field=models.PositiveIntegerField(verbose_name="年度"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="版本"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="correction_note",
            field=models.TextField(blank=True, verbose_name="更正说明"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="superseded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="被更正时间"),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="state",
            field=models.CharField(
                choices=[("draft", "草稿"), ("published", "已发布"), ("superseded", "已被更正版本替代")],
                default="draft",
                max_length=20,
                verbose_name="状态",
            ),
        ),
        migrations.AlterModelOptions(
            name="annualreport",
            options={
                "ordering": ["-year", "-version"],
                "verbose_name": "政府信息公开工作年度报告",
                "verbose_name_plural": "政府信息公开工作年度报告",
            },
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(fields=("year", "version"), name="report_unique_version"),
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "published")), fields=("year",), name="report_one_published"
            ),
        ),
        migrations.AddConstraint(
            model_name="annualreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "draft")), fields=("year",), name="report_one_draft"
            ),
        ),
    ]
