"""The portal keeps no models: the change stamp went to `publishing`, life events to `lifeevents`.

Only the migration state changes here; the tables were adopted (and renamed) by those apps.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("publishing", "0001_site_state"),
        ("lifeevents", "0001_life_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LifeEventStep"),
                migrations.DeleteModel(name="LifeEvent"),
                migrations.DeleteModel(name="SiteState"),
            ]
        ),
    ]
