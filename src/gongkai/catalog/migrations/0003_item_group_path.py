"""Items get their group path (一级事项 › 二级事项) for catalogs with 三级事项; every existing item sits
directly under its 一级事项."""

from django.db import migrations, models


def fill_paths(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Item = apps.get_model("catalog", "Item")
    for category in Category.objects.only("pk", "name").iterator():
        Item.objects.filter(category_id=category.pk).update(group_path=[category.name])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_catalog_body")]

    operations = [
        migrations.AddField(
            model_name="item",
            name="group_path",
            field=models.JSONField(blank=True, default=list, verbose_name="所属事项分组"),
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
    ]
