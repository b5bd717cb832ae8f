"""The staff's Mongolian pages: the list, an object's page where the editor writes and a second person
approves or returns; the clocks on the dashboard and the reviews in 我的待办, at a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.models import Category
from gongkai.translations import services
from gongkai.translations.models import TextState
from tests.translations.helpers import EVENT_MN, GROUP_MN, publish_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(seeded):
    return seeded.categories.get(position=0)


def _url(group) -> str:
    return f"/staff/mongolian/group/{group.pk}/"


def test_the_list_names_each_group_and_what_is_waiting(client, group, editor):
    client.force_login(editor)
    page = client.get("/staff/mongolian/").content.decode()
    assert group.name in page and "还没有蒙古文" in page and "没有正在编写或等待审核的蒙古文" in page
    assert "退休" in client.get("/staff/mongolian/?kind=event").content.decode()
    assert "扎赉特旗人力资源社会保障局" in client.get("/staff/mongolian/?kind=body").content.decode()
    assert client.get("/staff/mongolian/?kind=nothing").status_code == 404


def test_the_editor_writes_beside_the_chinese_and_bad_input_comes_back_with_the_error(client, group, editor):
    client.force_login(editor)
    page = client.get(_url(group)).content.decode()
    assert 'lang="mn-Mong"' in page and "mongolian-input" in page and group.name in page
    response = client.post(_url(group), {"name": "shehui baoxian dengji", "submit": "1"})
    assert response.status_code == 400 and "传统蒙古文" in response.content.decode()
    assert services.open_text(group) is None
    response = client.post(_url(group), {"name": GROUP_MN, "submit": "1"})
    assert response.status_code == 302
    assert services.open_text(group).state == TextState.SUBMITTED


def test_a_second_person_approves_and_the_editor_cannot(client, group, editor, second_editor, reviewer):
    client.force_login(second_editor)  # holds both roles
    client.post(_url(group), {"name": GROUP_MN, "submit": "1"})
    response = client.post(_url(group) + "review/", {"action": "approve"}, follow=True)
    assert "先审后发" in response.content.decode()
    assert services.open_text(group).state == TextState.SUBMITTED
    client.force_login(editor)
    assert client.post(_url(group) + "review/", {"action": "approve"}).status_code == 403
    client.force_login(reviewer)
    page = client.get(_url(group)).content.decode()
    assert "批准发布" in page and GROUP_MN in page
    response = client.post(_url(group) + "review/", {"action": "return", "comment": ""}, follow=True)
    assert "请写明原因" in response.content.decode()
    client.post(_url(group) + "review/", {"action": "approve", "comment": "好"})
    assert services.published_text(group).reviewed_by == reviewer


def test_a_returned_text_shows_the_reason_to_its_editor(client, group, editor, reviewer):
    client.force_login(editor)
    client.post(_url(group), {"name": GROUP_MN, "submit": "1"})
    client.force_login(reviewer)
    client.post(_url(group) + "review/", {"action": "return", "comment": "词序不对"})
    client.force_login(editor)
    page = client.get(_url(group)).content.decode()
    assert "词序不对" in page and "继续编写" in page


def test_the_dashboard_shows_the_clock_and_its_owner_and_tasks_the_review(
    client, group, editor, reviewer, officer
):
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    Category.objects.filter(pk=group.pk).update(name="改过的类别名称")
    group.refresh_from_db()
    pending = services.chinese_changed(group, today=datetime.date(2026, 9, 30))
    client.force_login(officer)
    page = client.get("/staff/").content.decode()
    assert "蒙古文的公开期限（1）" in page and "改过的类别名称" in page
    assert "编辑 editor" in page and "2026-11-03" in page
    services.submit(pending, acting_user=editor)
    client.force_login(reviewer)
    tasks = client.get("/staff/tasks/").content.decode()
    assert "待我审核（1）" in tasks and "改过的类别名称" in tasks
    assert "审核人" in client.get("/staff/").content.decode()


def test_the_dashboard_runs_the_same_queries_for_one_clock_and_many(
    client, seeded, editor, reviewer, officer
):
    def count() -> int:
        client.get("/staff/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(officer)
    counts = []
    for group in seeded.categories.order_by("position")[:4]:
        publish_text(group, editor, reviewer, {"name": GROUP_MN})
        Category.objects.filter(pk=group.pk).update(name=f"{group.name}（改）")
        group.refresh_from_db()
        services.chinese_changed(group)
        counts.append(count())
    assert counts[0] == counts[-1], counts


def test_the_admin_links_the_chinese_to_its_mongolian(client, group, seeded, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password-1")
    client.force_login(admin)
    page = client.get(f"/admin/catalog/category/{group.pk}/change/").content.decode()
    assert _url(group) in page
    event = seeded.life_events.get(slug="retirement")
    assert (
        f"/staff/mongolian/event/{event.pk}/"
        in client.get(f"/admin/lifeevents/lifeevent/{event.pk}/change/").content.decode()
    )
    body = seeded.body
    assert (
        f"/staff/mongolian/body/{body.pk}/"
        in client.get(f"/admin/bodies/body/{body.pk}/change/").content.decode()
    )


def test_an_event_page_lists_each_step_to_translate(client, seeded, editor):
    event = seeded.life_events.get(slug="retirement")
    client.force_login(editor)
    page = client.get(f"/staff/mongolian/event/{event.pk}/").content.decode()
    assert "第 1 步什么情况下办" in page and "先查一查自己的缴费记录" in page
    step = event.steps.first()
    client.post(f"/staff/mongolian/event/{event.pk}/", {"name": EVENT_MN, f"steps_{step.pk}": EVENT_MN})
    assert services.open_text(event).texts == {"name": EVENT_MN, f"steps.{step.pk}": EVENT_MN}


def test_a_refused_submission_keeps_the_saved_draft_and_says_why(client, seeded, editor):
    event = seeded.life_events.get(slug="retirement")
    client.force_login(editor)
    response = client.post(f"/staff/mongolian/event/{event.pk}/", {"summary": EVENT_MN, "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 400 and "请先写名称的蒙古文" in page
    assert "蒙古文第1版（草稿）" in page  # the draft was saved, and the page says so
    assert services.open_text(event).texts == {"summary": EVENT_MN}
