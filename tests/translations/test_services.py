"""Mongolian texts of groups, life events and bodies: written, submitted and published by two people; out of
date the moment their Chinese changes, with the next version on its own 20-working-day clock."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.roles import Role, RoleRequired, grant
from gongkai.audit.models import AuditEntry
from gongkai.bodies.models import Body
from gongkai.bodies.services import body_records, import_bodies
from gongkai.catalog.models import Category
from gongkai.lifeevents.models import LifeEvent
from gongkai.outbox.models import OutgoingMail
from gongkai.translations import services
from gongkai.translations.deadlines import clocks
from gongkai.translations.models import TextState, TextTranslation
from gongkai.workdays.calendar import add_workdays
from tests.translations.helpers import (
    ADDRESS_MN,
    EVENT_MN,
    GROUP_MN,
    SUMMARY_MN,
    publish_text,
    rename_group_by_import,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(seeded):
    return seeded.categories.order_by("position").first()


@pytest.fixture
def event(seeded):
    return LifeEvent.objects.get(catalog=seeded, slug="retirement")


def _actions(*names):
    return list(AuditEntry.objects.filter(action__in=names).order_by("id").values_list("action", flat=True))


# ---------------------------------------------------------------- the workflow


def test_an_editor_writes_and_a_second_person_publishes(group, editor, reviewer):
    tr = services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor)
    assert (tr.state, tr.number, tr.texts, tr.source) == (
        TextState.DRAFT,
        1,
        {"name": GROUP_MN},
        {"name": group.name},
    )
    assert tr.body == group.catalog.body and tr.formed_on is None  # a first translation answers no change
    tr = services.submit(tr, acting_user=editor)
    assert tr.state == TextState.SUBMITTED and tr.submitted_by == editor
    tr = services.approve(tr, acting_user=reviewer)
    assert tr.state == TextState.PUBLISHED and tr.reviewed_by == reviewer and tr.published_at
    assert _actions("mongolian.start", "mongolian.submit", "mongolian.publish") == [
        "mongolian.start",
        "mongolian.submit",
        "mongolian.publish",
    ]
    entry = AuditEntry.objects.get(action="mongolian.publish")
    assert entry.body == group.catalog.body and group.name in entry.target and entry.actor == reviewer


def test_whoever_changed_a_version_may_not_approve_it(group, editor, second_editor, reviewer):
    tr = services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor)
    # second_editor holds both roles: saving the colleague's draft makes it theirs too.
    tr = services.save_draft(group, texts={"name": GROUP_MN + " ᠠ"}, acting_user=second_editor)
    tr = services.submit(tr, acting_user=editor)
    with pytest.raises(PermissionDenied, match="先审后发"):
        services.approve(tr, acting_user=second_editor)
    assert services.approve(tr, acting_user=reviewer).state == TextState.PUBLISHED


def test_the_reviewers_hear_of_a_submission_by_mail(group, editor, reviewer):
    services.submit(
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor), acting_user=editor
    )
    mail = OutgoingMail.objects.get(kind="mongolian.submitted")
    assert mail.recipients == [reviewer.email] and group.name in mail.subject


def test_a_returned_version_goes_back_to_its_editor_with_the_reason(group, editor, reviewer):
    tr = services.submit(
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor), acting_user=editor
    )
    with pytest.raises(ValidationError):
        services.send_back(tr, comment=" ", acting_user=reviewer)
    tr = services.send_back(tr, comment="第二个词拼错了", acting_user=reviewer)
    assert tr.state == TextState.DRAFT and tr.review_comment == "第二个词拼错了"
    assert AuditEntry.objects.filter(action="mongolian.return", details__comment="第二个词拼错了").exists()


def test_states_are_kept(group, editor, reviewer):
    tr = services.submit(
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor), acting_user=editor
    )
    with pytest.raises(ValidationError, match="已提交审核"):
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor)
    with pytest.raises(ValidationError, match="待审核"):
        services.submit(tr, acting_user=editor)
    first = services.approve(tr, acting_user=reviewer)
    with pytest.raises(ValidationError, match="已发布"):
        services.approve(first, acting_user=reviewer)
    second = publish_text(group, editor, reviewer, {"name": GROUP_MN + " ᠪ"})
    first.refresh_from_db()
    assert (first.state, second.number, second.state) == (TextState.SUPERSEDED, 2, TextState.PUBLISHED)
    assert TextTranslation.objects.filter(state=TextState.PUBLISHED).count() == 1


def test_the_mongolian_must_be_in_the_traditional_script_and_the_name_comes_first(group, editor):
    with pytest.raises(ValidationError) as refused:
        services.save_draft(group, texts={"name": "shehui baoxian"}, acting_user=editor)
    assert "传统蒙古文" in refused.value.message_dict["name"][0]
    with pytest.raises(ValidationError):
        services.save_draft(group, texts={"name": "Нийгмийн даатгал"}, acting_user=editor)  # Cyrillic
    event_draft = services.save_draft(group, texts={"name": ""}, acting_user=editor)
    with pytest.raises(ValidationError, match="名称的蒙古文"):
        services.submit(event_draft, acting_user=editor)


def test_only_the_bodys_own_staff_act(group, editor, django_user_model):
    elsewhere = Body.objects.add_root(instance=Body(code="other", name="别的单位", kind="工作部门"))
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "x", is_staff=True)
    grant(stranger, Role.EDITOR, Role.REVIEWER, body=elsewhere)
    with pytest.raises(RoleRequired):
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=stranger)
    tr = services.submit(
        services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor), acting_user=editor
    )
    with pytest.raises(RoleRequired):
        services.approve(tr, acting_user=stranger)


# ---------------------------------------------------------------- when the Chinese changes


def test_a_renamed_group_keeps_its_row_and_its_mongolian_falls_behind_on_a_clock(
    seeded, group, editor, reviewer
):
    published = publish_text(group, editor, reviewer, {"name": GROUP_MN})
    old_name = group.name
    rename_group_by_import(seeded, old_name, old_name + "（新）")
    renamed = Category.objects.get(pk=group.pk)  # the same group, its address and its Mongolian kept
    assert renamed.name == old_name + "（新）"
    pending = services.open_text(renamed)
    today = datetime.date.today()
    assert pending.state == TextState.DRAFT and pending.number == 2
    assert pending.formed_on == today and pending.due_on == add_workdays(today, 20).date
    assert pending.texts == {"name": GROUP_MN} and pending.source == {"name": renamed.name}
    assert pending.author == editor  # the translator of the text that fell behind
    published.refresh_from_db()
    assert published.state == TextState.PUBLISHED and published.source == {"name": old_name}
    entry = AuditEntry.objects.get(action="mongolian.out_of_date")
    assert entry.details["changed"] == ["name"] and entry.actor is None
    # The same change starts one clock, however often it is reported.
    assert services.chinese_changed(renamed) == pending
    assert AuditEntry.objects.filter(action="mongolian.out_of_date").count() == 1


def test_the_clock_counts_working_days_of_the_official_calendar(group, editor, reviewer):
    """Changed on 2026-09-30: 国庆 10/1–10/7 is off and Saturday 10/10 is worked, so the 20th working day is
    11/3 (weekdays alone would give 10/28)."""
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    Category.objects.filter(pk=group.pk).update(name="改过的类别名称")  # below the signals, as a bulk write
    group.refresh_from_db()
    pending = services.chinese_changed(group, today=datetime.date(2026, 9, 30))
    assert pending.formed_on == datetime.date(2026, 9, 30)
    assert pending.due_on == datetime.date(2026, 11, 3) and not pending.due_provisional
    [clock] = clocks(datetime.date(2026, 10, 30))
    assert (clock.translation, clock.remaining, clock.status) == (pending, 2, "due_soon")
    assert clock.holder == f"编辑 {editor.get_username()}"
    [clock] = clocks(datetime.date(2026, 11, 5))
    assert clock.status == "overdue" and clock.lateness == "已超期 2 个工作日"


def test_a_submitted_version_returns_to_draft_when_the_chinese_changes_under_it(group, editor, reviewer):
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    tr = services.submit(
        services.save_draft(group, texts={"name": GROUP_MN + " ᠠ"}, acting_user=editor), acting_user=editor
    )
    group.name = "改过的类别名称"
    group.save()  # the admin's way: the save signal reports it
    tr.refresh_from_db()
    assert tr.state == TextState.DRAFT and "中文已修改" in tr.review_comment
    assert tr.source == {"name": "改过的类别名称"} and tr.formed_on == datetime.date.today()


def test_a_text_without_a_published_mongolian_starts_no_clock(group, editor):
    services.save_draft(group, texts={"name": GROUP_MN}, acting_user=editor)
    group.name = "改过的类别名称"
    group.save()
    assert services.open_text(group).formed_on is None
    assert not AuditEntry.objects.filter(action="mongolian.out_of_date").exists()


def test_a_changed_step_puts_a_life_event_behind_and_a_removed_one_does_not(event, editor, reviewer):
    steps = list(event.steps.all())
    texts = {"name": EVENT_MN, "summary": SUMMARY_MN, **{f"steps.{s.pk}": EVENT_MN for s in steps if s.when}}
    publish_text(event, editor, reviewer, texts)
    steps[-1].delete()
    assert services.open_text(event) is None  # nothing new to translate
    steps[0].when = "先查一查缴费记录（改过）"
    steps[0].save()
    pending = services.open_text(event)
    assert pending is not None and pending.formed_on == datetime.date.today()
    assert AuditEntry.objects.get(action="mongolian.out_of_date").details["changed"] == [
        f"steps.{steps[0].pk}"
    ]


def test_the_bodies_import_puts_a_contact_block_behind(bureau, editor, reviewer):
    bureau.address = "音德尔镇"
    bureau.save()
    publish_text(bureau, editor, reviewer, {"name": GROUP_MN, "address": ADDRESS_MN})
    records = body_records()
    for record in records:
        if record["code"] == bureau.code:
            record["contact"]["address"] = "音德尔镇新址"
    import_bodies(json.loads(json.dumps(records)), actor_label="test")  # a bulk update, reported by signal
    pending = services.open_text(Body.objects.get(pk=bureau.pk))
    assert pending is not None and pending.source["address"] == "音德尔镇新址"
    assert pending.body == bureau


def test_phone_numbers_and_addresses_on_the_web_are_not_texts(bureau):
    bureau.phone, bureau.email, bureau.postcode, bureau.office_hours = (
        "0482-1",
        "a@b.cn",
        "137600",
        "8:30-17:30",
    )
    from gongkai.translations.kinds import kind_of

    assert set(kind_of(bureau).texts(bureau)) == {"name", "office_hours"}


def test_a_group_the_import_drops_takes_its_mongolian_along(seeded, group, editor, reviewer):
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    group.delete()
    assert not TextTranslation.objects.exists()
    assert AuditEntry.objects.filter(action="mongolian.removed").exists()


def test_a_loaded_holiday_schedule_moves_the_cached_due_dates(group, editor, reviewer):
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    Category.objects.filter(pk=group.pk).update(name="改过的类别名称")
    group.refresh_from_db()
    pending = services.chinese_changed(group, today=datetime.date(2026, 9, 30))
    TextTranslation.objects.filter(pk=pending.pk).update(due_on=datetime.date(2026, 10, 28))
    assert services.recompute_deadlines([2026]) == 1
    pending.refresh_from_db()
    assert pending.due_on == datetime.date(2026, 11, 3)
