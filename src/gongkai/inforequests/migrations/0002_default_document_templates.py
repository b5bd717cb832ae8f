"""The default wording of the six written notices, one DocumentTemplate row per kind.

Idempotent: a kind that already has a row (perhaps edited by the office) is left alone. Reversing keeps the
rows, since they may hold the office's own wording.
"""

from django.db import migrations

from gongkai.inforequests import default_templates


def create_defaults(apps, schema_editor):
    DocumentTemplate = apps.get_model("inforequests", "DocumentTemplate")
    for kind, title in default_templates.TITLES.items():
        DocumentTemplate.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": default_templates.BODIES[kind]}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inforequests", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
    ]
