"""Stations (named posting places) and per-station posting confirmations.

Every place already typed into a confirmation on a channel that needs a person (not the website) becomes a
station of that channel, and the confirmation is linked to it, so the names stay and each keeps counting.
Stations are dated now: versions published before today keep their channels as they were confirmed.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def stations_from_places(apps, schema_editor):
    ChannelPosting = apps.get_model("guides", "ChannelPosting")
    Station = apps.get_model("guides", "Station")
    postings = ChannelPosting.objects.filter(
        station__isnull=True, channel__publishes_on_release=False
    ).exclude(place="")
    for posting in postings.iterator():
        station, _ = Station.objects.get_or_create(
            channel_id=posting.channel_id, name=posting.place.strip()[:100]
        )
        # One confirmation per station and revision; a second one with the same name stays a plain place.
        if not ChannelPosting.objects.filter(revision_id=posting.revision_id, station=station).exists():
            ChannelPosting.objects.filter(pk=posting.pk).update(station=station)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("guides", "0002_revision_editors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Station",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="如：巴彦乌兰嘎查便民服务站", max_length=100, verbose_name="名称"
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="在用")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="添加时间"),
                ),
                (
                    "channel",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="stations",
                        to="catalog.channel",
                        verbose_name="所属公开渠道",
                    ),
                ),
                (
                    "users",
                    models.ManyToManyField(
                        blank=True,
                        related_name="stations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="负责确认的工作人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "服务站（张贴点）",
                "verbose_name_plural": "服务站（张贴点）",
                "ordering": ["channel", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("channel", "name"), name="station_unique_name")
                ],
            },
        ),
        migrations.AddField(
            model_name="channelposting",
            name="station",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="guides.station",
                verbose_name="服务站",
            ),
        ),
        migrations.AddConstraint(
            model_name="channelposting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("station__isnull", False)),
                fields=("revision", "station"),
                name="posting_once_per_station",
            ),
        ),
        migrations.RunPython(stations_from_places, migrations.RunPython.noop),
    ]
