"""The Mongolian pages show the published Mongolian of group names, life events and bodies' contact blocks;
where there is none, or the Chinese changed since, the Chinese with a short Mongolian note — never an empty
heading. In a fixed number of queries, and none more on the Chinese pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog, Category
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.publishing.models import SiteState
from tests.guides.helpers import publish
from tests.translations.helpers import (
    ADDRESS_MN,
    EVENT_MN,
    GROUP_MN,
    SUMMARY_MN,
    publish_text,
    rename_group_by_import,
)

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"
CATALOG = f"/bodies/zltq-rsj/catalog/{SEED}/"
NOTE = 'class="notice translation-note"'


def _note(text: str) -> str:
    with translation.override("mn"):
        return translation.gettext(text)


MISSING = "这里还没有蒙古文（或者只有一部分），没有的显示中文。"
OUT_OF_DATE = "中文已经修改，蒙古文正在按新内容更新；改过的地方先显示新的中文。"
LIST = "有的名称还没有蒙古文，或者中文改过、蒙古文正在更新，这些名称显示的是中文。"


@pytest.fixture
def group(seeded):
    return seeded.categories.get(position=0)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_group_page_shows_its_mongolian_name_and_the_chinese_page_is_untouched(
    client, group, editor, reviewer
):
    chinese_name = group.name
    missing = _page(client, f"/mn{CATALOG}g/0/")
    assert f"<h1>{chinese_name}</h1>" in missing and _note(MISSING) in missing
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    page = _page(client, f"/mn{CATALOG}g/0/")
    assert f"<h1>{GROUP_MN}</h1>" in page and _note(MISSING) not in page
    assert _note(LIST) in page  # its items have no Mongolian names yet: they show in Chinese, noted once
    assert GROUP_MN not in _page(client, f"{CATALOG}g/0/")
    # The home page, the catalog table, the site map and the item page name the group in Mongolian too.
    for url in ("/mn/", f"/mn{CATALOG}", "/mn/site-map/", f"/mn{CATALOG}4/"):
        assert GROUP_MN in _page(client, url), url
    assert _note(LIST) in _page(client, "/mn/")  # the other groups have no Mongolian yet


def test_a_renamed_group_shows_the_new_chinese_with_the_out_of_date_note(
    client, seeded, group, editor, reviewer
):
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    rename_group_by_import(seeded, group.name, "社会保险登记（新名称）")
    page = _page(client, f"/mn{CATALOG}g/0/")
    assert "<h1>社会保险登记（新名称）</h1>" in page and GROUP_MN not in page
    assert _note(OUT_OF_DATE) in page
    assert "社会保险登记（新名称）" in _page(client, "/mn/") and _note(LIST) in _page(client, "/mn/")


def test_a_life_event_in_mongolian_step_by_step(client, seeded, editor, reviewer):
    event = LifeEvent.objects.get(catalog=seeded, slug="retirement")
    steps = list(event.steps.all())
    texts = {"name": EVENT_MN, "summary": SUMMARY_MN}
    texts.update({f"steps.{step.pk}": f"{SUMMARY_MN} {number}" for number, step in enumerate(steps)})
    publish_text(event, editor, reviewer, texts)
    page = _page(client, "/mn/events/retirement/")
    assert (
        EVENT_MN in page and SUMMARY_MN in page and f"{SUMMARY_MN} 0" in page and _note(MISSING) not in page
    )
    assert steps[0].when not in page
    listing = _page(client, "/mn/events/")
    assert EVENT_MN in listing and "家人去世后" in listing and _note(LIST) in listing
    # One step's Chinese changes: that step reads in Chinese, with the note; the others stay Mongolian.
    LifeEventStep.objects.filter(pk=steps[0].pk).update(when="先到窗口查一查缴费年限")
    page = _page(client, "/mn/events/retirement/")
    assert "先到窗口查一查缴费年限" in page and f"{SUMMARY_MN} 1" in page and _note(OUT_OF_DATE) in page
    assert EVENT_MN not in _page(client, "/events/retirement/")


def test_a_bodys_name_and_contact_block_in_mongolian(client, seeded, bureau, editor, reviewer):
    Body.objects.filter(pk=bureau.pk).update(
        address="音德尔镇", office_hours="工作日 8:30-17:30", phone="0482-6012333"
    )
    bureau.refresh_from_db()
    page = _page(client, "/mn/bodies/zltq-rsj/")
    assert f"<h1>{bureau.name}</h1>" in page and _note(MISSING) in page and "音德尔镇" in page
    publish_text(bureau, editor, reviewer, {"name": EVENT_MN, "address": ADDRESS_MN})
    page = _page(client, "/mn/bodies/zltq-rsj/")
    assert f"<h1>{EVENT_MN}</h1>" in page and ADDRESS_MN in page and "音德尔镇" not in page
    assert "工作日 8:30-17:30" in page and _note(MISSING) in page  # office hours not translated yet
    assert "0482-6012333" in page  # numbers are not texts
    assert ADDRESS_MN in _page(client, "/mn/bodies/zltq-rsj/gongkai/guide/")
    assert EVENT_MN not in _page(client, "/bodies/zltq-rsj/")


PAGES = [
    "/mn/",
    "/mn/bodies/{code}/catalog/{slug}/",
    "/mn/bodies/{code}/catalog/{slug}/g/0/",
    "/mn/bodies/{code}/catalog/{slug}/levels/0/",
    "/mn/bodies/{code}/catalog/{slug}/{seq}/",
    "/mn/events/",
    "/mn/events/{event}/",
    "/mn/site-map/",
    "/mn/bodies/",
    "/mn/bodies/{code}/",
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_mongolian_page_runs_as_many_queries_for_10_items_as_for_1000(
    client, catalog_of, page, editor, reviewer
):
    counts = []
    for size in (10, 1000):
        SiteState.objects.all().delete()
        Catalog.objects.all().delete()
        catalog = catalog_of(size, groups=3 if size == 10 else 30)
        items = list(catalog.items.order_by("-seq"))
        publish(items[0], editor, reviewer, formed_on=datetime.date(2026, 9, 18))
        event = LifeEvent.objects.create(
            catalog=catalog, slug="test-event", name="测试一件事", summary="说明"
        )
        LifeEventStep.objects.bulk_create(
            LifeEventStep(event=event, item=step_item, position=i, when=f"第{i}步的情况")
            for i, step_item in enumerate(items[: size // 5])
        )
        # More Mongolian in the larger catalog, so a query per translated thing shows.
        for category in Category.objects.filter(catalog=catalog).order_by("position")[
            : 1 if size == 10 else 5
        ]:
            publish_text(category, editor, reviewer, {"name": GROUP_MN})
        # Items named in Mongolian by their own text, on every list that names them.
        for named in items[1 : 2 if size == 10 else 6]:
            publish_text(named, editor, reviewer, {"name": GROUP_MN})
        publish_text(event, editor, reviewer, {"name": EVENT_MN, "summary": SUMMARY_MN})
        publish_text(catalog.body, editor, reviewer, {"name": EVENT_MN})
        url = page.format(code=catalog.body.code, slug=catalog.slug, seq=items[0].seq, event=event.slug)
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"{CATALOG}g/0/",
        "/events/retirement/",
        "/bodies/zltq-rsj/",
        CATALOG,
        f"{CATALOG}levels/0/",
        "/site-map/",
    ],
)
def test_the_chinese_pages_ask_nothing_of_the_mongolian(client, seeded, url):
    _count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert not any("translations_texttranslation" in q["sql"] for q in ctx.captured_queries), url
