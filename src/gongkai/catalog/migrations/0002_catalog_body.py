"""Each catalog belongs to a public body. An existing installation gets one body per publisher.

The body takes the catalog's publisher as its name and the catalog's contact block as its own, so
the portal keeps showing the same address, hours and phone.
"""

import django.db.models.deletion
from django.db import migrations, models

from gongkai.bodies.upgrade import root_body


def bodies_from_publishers(apps, schema_editor):
    Catalog = apps.get_model("catalog", "Catalog")
    for catalog in Catalog.objects.order_by("position", "id"):
        body = root_body(apps, catalog.publisher)
        contact = {
            "address": catalog.contact_address,
            "phone": catalog.contact_phone,
            "office_hours": catalog.office_hours,
        }
        changed = [name for name, value in contact.items() if value and not getattr(body, name)]
        for name in changed:
            setattr(body, name, contact[name])
        if changed:
            body.save(update_fields=changed)
        catalog.body = body
        catalog.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_bodies"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="catalog", name="catalog_unique_area_publisher"),
        migrations.AddField(
            model_name="catalog",
            name="body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalogs",
                to="bodies.body",
                verbose_name="公开主体",
            ),
        ),
        migrations.RunPython(bodies_from_publishers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="catalog",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalogs",
                to="bodies.body",
                verbose_name="公开主体",
            ),
        ),
        migrations.AddConstraint(
            model_name="catalog",
            constraint=models.UniqueConstraint(fields=("body", "area"), name="catalog_unique_body_area"),
        ),
    ]
