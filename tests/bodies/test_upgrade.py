"""An installation from before bodies upgrades with no manual step: every row ends up, unchanged, under
the one body made from its catalog's publisher. Runs on SQLite and PostgreSQL."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The schema as it stood before bodies: the newest migration of each app that existed then.
BEFORE_BODIES = [
    ("accounts", "0002_two_factor_device"),
    ("audit", "0001_initial"),
    ("catalog", "0001_initial"),
    ("guides", "0001_initial"),
    ("inforequests", "0002_default_document_templates"),
    ("reports", "0001_initial"),
    ("bodies", None),
]
TABLES = [
    ("catalog", "Catalog"),
    ("catalog", "Item"),
    ("guides", "GuideRevision"),
    ("guides", "ChannelPosting"),
    ("inforequests", "Application"),
    ("inforequests", "CaseEvent"),
    ("reports", "AnnualReport"),
    ("audit", "AuditEntry"),
]
PUBLISHER = "扎赉特旗人力资源社会保障局"


def populate(apps) -> None:
    """A one-bureau installation in use: a catalog, a published guide, a case, a report, the audit log."""
    User, Group = apps.get_model("auth", "User"), apps.get_model("auth", "Group")
    get = apps.get_model
    editor = User.objects.create(username="editor", is_staff=True)
    reviewer = User.objects.create(username="officer", is_staff=True)
    # get_or_create: a transactional test before this one may have emptied the table the data migration filled.
    group = {name: Group.objects.get_or_create(name=name)[0] for name in ("编辑", "审核", "政务公开办")}
    editor.groups.add(group["编辑"])
    reviewer.groups.add(group["审核"], group["政务公开办"])
    catalog = get("catalog", "Catalog").objects.create(
        slug="zalaite-social-insurance",
        title="社会保险领域基层政务公开标准目录",
        area="社会保险",
        publisher=PUBLISHER,
        contact_address="扎赉特旗音德尔镇",
        contact_phone="0482-6666666",
        office_hours="工作日 8:30–12:00",
    )
    group = get("catalog", "Category").objects.create(catalog=catalog, name="社会保险登记", position=0)
    item = get("catalog", "Item").objects.create(
        catalog=catalog,
        category=group,
        seq=1,
        name="单位参保登记",
        time_limit="20个工作日",
        subject=PUBLISHER,
    )
    channel = get("catalog", "Channel").objects.create(name="政务服务中心")
    now = timezone.now()
    revision = get("guides", "GuideRevision").objects.create(
        item=item,
        number=1,
        state="published",
        content={"事项名称": "单位参保登记"},
        formed_on=datetime.date(2026, 9, 1),
        author=editor,
        submitted_by=editor,
        reviewed_by=reviewer,
        published_at=now,
        due_on=datetime.date(2026, 9, 29),
    )
    get("guides", "ChannelPosting").objects.create(
        revision=revision, channel=channel, posted_on=datetime.date(2026, 9, 3), confirmed_by=reviewer
    )
    application = get("inforequests", "Application").objects.create(
        code="ABCDEFGH2345",
        applicant_type="person",
        name="张三",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800001234",
        phone_last4="1234",
        description="2025 年工伤保险待遇发放统计",
        delivery_form="paper",
        delivery_method="post",
        channel="in_person",
        received_on=datetime.date(2026, 9, 18),
        status="in_progress",
        due_on=datetime.date(2026, 10, 22),
    )
    get("inforequests", "CaseEvent").objects.create(
        application=application, kind="received", on=datetime.date(2026, 9, 18), actor=reviewer
    )
    get("reports", "AnnualReport").objects.create(year=2025, publisher=PUBLISHER, state="published")
    entry = get("audit", "AuditEntry")
    entry.objects.create(actor=editor, actor_label="editor", action="guide.submit", target="单位参保登记")
    entry.objects.create(actor_label="命令行导入", action="catalog.import", target=PUBLISHER)


def rows(apps) -> dict:
    """Every row of the tables above as plain values, without the new body column."""
    found = {}
    for app_label, name in TABLES:
        model = apps.get_model(app_label, name)
        found[name] = [
            {key: value for key, value in row.items() if key != "body_id"}
            for row in model.objects.order_by("pk").values()
        ]
    return found


@pytest.mark.django_db(transaction=True)
def test_an_old_installation_migrates_with_every_row_under_one_body():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_BODIES)
    old_apps = executor.loader.project_state([node for node in BEFORE_BODIES if node[1]]).apps
    populate(old_apps)
    before = rows(old_apps)

    call_command("migrate", verbosity=0)  # what `gongkai init`, `gongkai serve` and deploys run

    from django.apps import apps

    from gongkai.accounts.roles import Role, has_role
    from gongkai.bodies.models import Body

    body = Body.objects.get()
    assert (body.code, body.name, body.depth) == ("zltq-rsj", PUBLISHER, 1)
    # The catalog's contact block is now its body's, so the portal still shows it.
    assert (body.address, body.phone, body.office_hours) == (
        "扎赉特旗音德尔镇",
        "0482-6666666",
        "工作日 8:30–12:00",
    )
    # Unchanged: every column the old schema had keeps its value (later migrations may add columns).
    after = rows(apps)
    for table, old_rows in before.items():
        assert [{key: row[key] for key in old_rows[0]} for row in after[table]] == old_rows, table
    for app_label, name in TABLES:
        if name in ("Item", "GuideRevision", "ChannelPosting", "CaseEvent"):
            continue  # these belong to a body through their catalog or case
        model = apps.get_model(app_label, name)
        assert set(model.objects.values_list("body_id", flat=True)) == {body.pk}, name
    editor = apps.get_model("auth", "User").objects.get(username="editor")
    officer = apps.get_model("auth", "User").objects.get(username="officer")
    assert has_role(editor, Role.EDITOR, body) and not has_role(editor, Role.REVIEWER)
    assert has_role(officer, Role.DISCLOSURE_OFFICE, body) and has_role(officer, Role.REVIEWER, body)
