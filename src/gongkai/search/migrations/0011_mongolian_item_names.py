"""Items' own Mongolian names (translations, kind "item") are searched like a guide translation's name.

Existing installs: the entries of items that already have a published Mongolian name are deleted here; once
the migration has run, `gongkai.search.apps.index_existing_catalogs` (post_migrate) indexes every item
without an entry, its Mongolian name included, with no manual step. No schema changes: the name goes into
the fields a guide translation's name already uses.
"""

from django.db import migrations


def forget_items_with_a_mongolian_name(apps, schema_editor):
    TextTranslation = apps.get_model("translations", "TextTranslation")
    SearchEntry = apps.get_model("search", "SearchEntry")
    named = TextTranslation.objects.filter(kind="item", language="mn", state="published").values("object_id")
    SearchEntry.objects.filter(item_id__in=named).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_text_storage"),
        ("translations", "0001_text_translations"),
    ]

    operations = [
        migrations.RunPython(forget_items_with_a_mongolian_name, migrations.RunPython.noop),
    ]
