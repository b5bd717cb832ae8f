"""Remember everyone who changed a revision, so none of them can approve it.

Existing revisions get their author, their submitter, and everyone the audit log shows starting or saving
them (audit rows name a revision as "序号. 事项 第N版").
"""

from django.conf import settings
from django.db import migrations, models


def fill_editors(apps, schema_editor):
    GuideRevision = apps.get_model("guides", "GuideRevision")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    by_target: dict[str, list] = {}
    revisions = GuideRevision.objects.select_related("item").only(
        "id", "number", "author_id", "submitted_by_id", "item__seq", "item__name"
    )
    for rev in revisions.iterator():
        by_target.setdefault(f"{rev.item.seq}. {rev.item.name} 第{rev.number}版"[:300], []).append(rev)
        rev.editors.add(*[pk for pk in (rev.author_id, rev.submitted_by_id) if pk])
    entries = AuditEntry.objects.filter(
        action__in=["guide.start", "guide.save", "guide.submit"], actor__isnull=False
    ).values_list("target", "actor_id")
    for target, actor_id in entries.iterator():
        for rev in by_target.get(target, []):
            rev.editors.add(actor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="guiderevision",
            name="editors",
            field=models.ManyToManyField(
                blank=True, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="修改过的人"
            ),
        ),
        migrations.RunPython(fill_editors, migrations.RunPython.noop),
    ]
