"""Extensions are now approved by the 机构负责人 role (条例第三十三条). Whoever approved an extension before
was acting as the office's head for that body: they get the role there, so nobody loses what they did."""

from django.db import migrations


def heads_from_past_approvals(apps, schema_editor):
    CaseEvent = apps.get_model("inforequests", "CaseEvent")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    Group = apps.get_model("auth", "Group")
    approvals = (
        CaseEvent.objects.filter(kind="extension_approved", actor__isnull=False)
        .values_list("actor_id", "application__body_id")
        .distinct()
    )
    pairs = set(approvals)
    if not pairs:
        return
    group, _ = Group.objects.get_or_create(name="机构负责人")
    for user_id, body_id in sorted(pairs, key=lambda pair: (pair[0], pair[1] or 0)):
        RoleGrant.objects.get_or_create(user_id=user_id, role="机构负责人", body_id=body_id)
        group.user_set.add(user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("inforequests", "0004_application_referral"),
        ("accounts", "0004_office_head_role"),
    ]

    operations = [migrations.RunPython(heads_from_past_approvals, migrations.RunPython.noop)]
