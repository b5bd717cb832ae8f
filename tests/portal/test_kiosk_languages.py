"""The service-hall kiosk speaks its address's language: /kiosk/ in Chinese, /mn/kiosk/ in Mongolian (vertical
lines), the group and life-event names and steps from their published Mongolian, the items by their current
translation's name, the Chinese with the short note where there is none; a language button on the start
screen that remembers nothing; the idle return to the start of the same language; a fixed number of
queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongkai.catalog.models import Catalog, Item
from gongkai.languages import COOKIE
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.publishing.models import SiteState
from tests.guides.helpers import publish, publish_translation
from tests.translations.helpers import EVENT_MN, GROUP_MN, SUMMARY_MN, publish_text

pytestmark = pytest.mark.django_db

MONGOLIAN_LETTERS = re.compile("[\u1820-\u1878]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
NOTE = 'class="notice translation-note"'
ITEM_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"  # 职工参保登记, drafted for the tests
WHEN_MN = "ᠲᠡᠲᠭᠦᠯᠢ ᠶᠢᠨ ᠨᠠᠰᠤ"


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _mn(text: str) -> str:
    with translation.override("mn"):
        return translation.gettext(text)


@pytest.mark.parametrize("path", ["/kiosk/", "/kiosk/g/0/", "/kiosk/item/4/", "/kiosk/events/retirement/"])
def test_every_kiosk_page_speaks_mongolian_under_mn(client, seeded, path):
    response = client.get("/mn" + path)
    assert response.status_code == 200 and response["Content-Language"] == "mn-Mong"
    html = response.content.decode()
    assert '<html lang="mn-Mong">' in html
    assert 'class="kiosk elder script-mong"' in html
    assert len(MONGOLIAN_LETTERS.findall(html)) > 20 and not CYRILLIC.search(html)
    assert not response.cookies
    # The Chinese twin is as it was.
    chinese = _page(client, path)
    assert '<html lang="zh-CN">' in chinese and "script-mong" not in chinese
    assert "社会保险自助查询" in chinese and _mn("社会保险自助查询") in html


def test_the_interface_words_are_the_catalogs(client, seeded):
    start = _page(client, "/mn/kiosk/")
    for text in ("您要办什么事？请点一下", "按类别", "按要办的事"):
        assert _mn(text) != text and _mn(text) in start
    inner = _page(client, "/mn/kiosk/item/4/")
    for text in ("← 返回", "回到首页", "我还要看，继续", "很久没有操作，马上要回到首页了。"):
        assert _mn(text) != text and _mn(text) in inner
    assert "回到首页" not in inner and "我还要看" not in inner


def test_the_idle_return_goes_to_the_start_of_the_same_language(client, seeded):
    inner = _page(client, "/mn/kiosk/g/0/")
    assert '<noscript><meta http-equiv="refresh" content="90;url=/mn/kiosk/"></noscript>' in inner
    assert 'data-home="/mn/kiosk/"' in inner and 'href="/mn/kiosk/item/4/"' in inner
    assert 'data-home="/kiosk/"' in _page(client, "/kiosk/g/0/")


def test_the_start_screen_has_a_big_language_button_that_remembers_nothing(client, seeded):
    chinese = _page(client, "/kiosk/")
    assert 'class="kiosk-button kiosk-language" href="/mn/kiosk/" hreflang="mn-Mong"' in chinese
    assert '<span lang="mn-Mong">ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ</span>' in chinese
    mongolian = _page(client, "/mn/kiosk/")
    assert 'class="kiosk-button kiosk-language" href="/kiosk/" hreflang="zh-CN"' in mongolian
    assert "/lang/" not in chinese + mongolian  # not the portal's remembered switch: a kiosk is shared
    # Inner pages keep to their language; only the start screen switches.
    assert "kiosk-language" not in _page(client, "/mn/kiosk/g/0/")
    assert COOKIE not in client.get("/mn/kiosk/").cookies


KIOSK_PATHS = ["/kiosk/", "/kiosk/g/0/", "/kiosk/item/4/", "/kiosk/events/retirement/"]


@pytest.mark.parametrize("path", KIOSK_PATHS)
def test_the_kiosk_ignores_a_language_an_earlier_visitor_remembered(client, seeded, path):
    """Someone chose Mongolian on the portal in the kiosk's browser: the next visitor still gets the kiosk in
    the language of its address, and its 中文 button leads to the Chinese kiosk, not back to /mn/kiosk/."""
    client.cookies[COOKIE] = "mn"
    response = client.get(path)
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html and "script-mong" not in html
    assert response["Content-Language"] == "zh-CN" and COOKIE not in response.cookies
    assert _page(client, "/mn" + path).count('<html lang="mn-Mong">') == 1
    # The portal itself still follows the choice.
    assert client.get("/")["Location"] == "/mn/"


def test_every_kiosk_address_is_a_shared_screen():
    from django.urls import reverse

    from gongkai.languages import SHARED_SCREENS

    with translation.override("zh-hans"):
        addresses = [
            reverse("portal:kiosk"),
            reverse("portal:kiosk_group", args=[0]),
            reverse("portal:kiosk_item", args=[4]),
            reverse("portal:kiosk_event", args=["retirement"]),
        ]
    assert all(address.startswith(SHARED_SCREENS) for address in addresses), addresses


def test_names_and_steps_in_mongolian_or_the_chinese_with_the_note(client, seeded, editor, reviewer):
    group = seeded.categories.get(position=0)
    event = LifeEvent.objects.get(catalog=seeded, slug="retirement")
    # Nothing in Mongolian yet: the Chinese, with the note.
    missing = _page(client, "/mn/kiosk/g/0/")
    assert (
        f"<h1>{group.name}</h1>" in missing
        and _mn("这里还没有蒙古文（或者只有一部分），没有的显示中文。") in missing
    )
    assert NOTE in _page(client, "/mn/kiosk/")
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    step = event.steps.order_by("position").first()
    steps = {f"steps.{s.pk}": WHEN_MN for s in event.steps.all() if s.when}
    publish_text(event, editor, reviewer, {"name": EVENT_MN, "summary": SUMMARY_MN, **steps})
    page = _page(client, "/mn/kiosk/g/0/")
    assert f"<h1>{GROUP_MN}</h1>" in page and NOTE not in page
    start = _page(client, "/mn/kiosk/")
    assert GROUP_MN in start and EVENT_MN in start and SUMMARY_MN in start
    page = _page(client, "/mn/kiosk/events/retirement/")
    assert EVENT_MN in page and SUMMARY_MN in page and (not step.when or WHEN_MN in page)
    # The Chinese kiosk is untouched.
    assert GROUP_MN not in _page(client, "/kiosk/") and EVENT_MN not in _page(client, "/kiosk/")


def test_items_by_their_current_mongolian_name(client, seeded, editor, reviewer):
    item = Item.objects.get(catalog=seeded, seq=4)
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 11, 2))
    content = {
        "name": ITEM_MN,
        "materials": [{"name": "ᠢᠷᠭᠡᠨ ᠦ ᠦᠨᠡᠮᠯᠡᠯ", "notes": ""}, {"name": "ᠭᠡᠷ᠎ᠡ", "notes": ""}],
        "places": [{"name": "ᠲᠥᠪ", "address": "ᠢᠨᠳᠡᠷ"}],
        "consult": [{"label": "ᠤᠲᠠᠰᠤ", "value": "0482-0000000"}],
        "complaint": [{"label": "ᠤᠲᠠᠰᠤ", "value": "0482-1111111"}],
    }
    publish_translation(item, editor, reviewer, content)
    group = _page(client, "/mn/kiosk/g/0/")
    assert f'href="/mn/kiosk/item/4/">{ITEM_MN}</a>' in group
    page = _page(client, "/mn/kiosk/item/4/")
    assert f"<h1>{ITEM_MN}</h1>" in page and "ᠢᠷᠭᠡᠨ ᠦ ᠦᠨᠡᠮᠯᠡᠯ" in page
    assert ITEM_MN not in _page(client, "/kiosk/g/0/")
    # A newer Chinese puts it out of date: the Chinese name, and the item page says so.
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 12, 1), note="材料减少")
    assert ITEM_MN not in _page(client, "/mn/kiosk/g/0/")
    page = _page(client, "/mn/kiosk/item/4/")
    assert f"<h1>{item.name}</h1>" in page
    assert _mn("中文办事指南已经更新，蒙古文正在按新内容修改；下面是最新的中文。") in page


KIOSK_PAGES = ["/kiosk/", "/kiosk/g/0/", "/kiosk/item/{seq}/", "/kiosk/events/{event}/"]


@pytest.mark.parametrize("prefix", ["", "/mn"], ids=["chinese", "mongolian"])
@pytest.mark.parametrize("page", KIOSK_PAGES)
def test_the_same_queries_for_10_and_1000_items(client, catalog_of, page, prefix, editor, reviewer):
    counts = []
    for size in (10, 1000):
        SiteState.objects.all().delete()
        Catalog.objects.all().delete()
        catalog = catalog_of(size, groups=1)
        items = list(catalog.items.order_by("-seq"))
        for guide_item in items[: 1 if size == 10 else 3]:
            publish(guide_item, editor, reviewer, formed_on=datetime.date(2026, 9, 18))
        event = LifeEvent.objects.create(catalog=catalog, slug="test-event", name="测试一件事", position=0)
        LifeEventStep.objects.bulk_create(
            LifeEventStep(event=event, item=step_item, position=i, when="什么时候")
            for i, step_item in enumerate(items[: size // 5])
        )
        url = prefix + page.format(seq=items[0].seq, event=event.slug)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
