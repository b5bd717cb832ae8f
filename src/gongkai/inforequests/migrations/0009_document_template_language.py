"""Letters in the applicant's language: each kind of written notice gets a Mongolian wording beside the Chinese.

The existing rows (perhaps edited by the office) are the Chinese ones. The Mongolian defaults are added as
rows the office may edit; a kind that already has a Mongolian row is left alone. Reversing removes only the
Mongolian rows, since the table then holds one row per kind again.
"""

from django.db import migrations, models

from gongkai.inforequests import default_templates_mn


def add_mongolian_defaults(apps, schema_editor):
    DocumentTemplate = apps.get_model("inforequests", "DocumentTemplate")
    for kind, title in default_templates_mn.TITLES.items():
        DocumentTemplate.objects.get_or_create(
            kind=kind, language="mn", defaults={"title": title, "body": default_templates_mn.BODIES[kind]}
        )


def remove_mongolian(apps, schema_editor):
    apps.get_model("inforequests", "DocumentTemplate").objects.exclude(language="zh-hans").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inforequests", "0008_application_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documenttemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "受理回执"),
                    ("correction", "补正告知书"),
                    ("consultation", "征求意见函"),
                    ("extension", "延期答复告知书"),
                    ("fee_notice", "收费通知书"),
                    ("reply", "政府信息公开申请答复书"),
                ],
                max_length=20,
                verbose_name="文书",
            ),
        ),
        migrations.AddField(
            model_name="documenttemplate",
            name="language",
            field=models.CharField(
                choices=[("zh-hans", "中文"), ("mn", "蒙古文")],
                default="zh-hans",
                max_length=10,
                verbose_name="文字",
            ),
        ),
        migrations.AlterModelOptions(
            name="documenttemplate",
            options={
                "ordering": ["kind", "-language"],
                "verbose_name": "文书模板",
                "verbose_name_plural": "文书模板",
            },
        ),
        migrations.AddConstraint(
            model_name="documenttemplate",
            constraint=models.UniqueConstraint(
                fields=("kind", "language"), name="document_template_kind_language"
            ),
        ),
        migrations.RunPython(add_mongolian_defaults, remove_mongolian),
    ]
