"""The plain text of each revision, for the staff list's search; filled for the revisions there are."""

from django.db import migrations, models

from gongkai.guides.content import plain_text


def fill_text(apps, schema_editor):
    GuideRevision = apps.get_model("guides", "GuideRevision")
    for rev in GuideRevision.objects.only("id", "content").iterator():
        GuideRevision.objects.filter(pk=rev.pk).update(text=plain_text(rev.content))


class Migration(migrations.Migration):
    dependencies = [("guides", "0003_stations")]

    operations = [
        migrations.AddField(
            model_name="guiderevision",
            name="text",
            field=models.TextField(blank=True, editable=False, verbose_name="指南正文（查找用）"),
        ),
        migrations.RunPython(fill_text, migrations.RunPython.noop),
    ]
