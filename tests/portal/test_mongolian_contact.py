"""The 联系方式 lines of the footer and the home page's 联系我们 on /mn/: the body's published Mongolian block where
there is one, else the catalog's Chinese lines with a short Mongolian note. The Chinese pages are untouched, the
pages stay cacheable and cost a fixed number of queries with or without the Mongolian block."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog
from gongkai.publishing.caching import STATUS_HEADER
from tests.translations.helpers import ADDRESS_MN, EVENT_MN, SUMMARY_MN, publish_text

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"
ITEM = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
ADDRESS = "音德尔镇人社大厦一楼"
HOURS = "工作日 8:30-17:30"
PHONE = "0482-6012333"
MISSING = "联系方式还没有蒙古文，先显示中文。"
OUT_OF_DATE = "联系方式的中文改过，蒙古文正在更新，先显示中文。"
# Pages whose footer carries the contact lines, from views that attach the body and from views that do not.
PAGES = ["/mn/", "/mn" + ITEM, f"/mn/bodies/zltq-rsj/catalog/{SEED}/g/0/", "/mn/events/", "/mn/gongkai/"]


def _mn(text: str) -> str:
    with translation.override("mn"):
        return translation.gettext(text)


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</section>", 1)[0]


def _home_block(html: str) -> str:
    return html.split('class="contact-block"', 1)[1].split("</section>", 1)[0]


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def contact(seeded, bureau):
    """The catalog's and the body's contact lines, the same Chinese as a county fills them in."""
    Catalog.objects.filter(pk=seeded.pk).update(
        contact_address=ADDRESS, office_hours=HOURS, contact_phone=PHONE
    )
    Body.objects.filter(pk=bureau.pk).update(address=ADDRESS, office_hours=HOURS, phone=PHONE)
    bureau.refresh_from_db()
    seeded.refresh_from_db()
    return seeded, bureau


def test_without_a_mongolian_block_the_chinese_lines_come_with_the_note(client, contact):
    catalog, _ = contact
    assert _mn(MISSING) != MISSING  # the note has its Mongolian entry
    html = _get(client, "/mn/")
    for part in (_footer(html), _home_block(html)):
        assert catalog.publisher in part and ADDRESS in part and HOURS in part and PHONE in part
        assert _mn(MISSING) in part
    for url in PAGES[1:]:
        footer = _footer(_get(client, url))
        assert ADDRESS in footer and _mn(MISSING) in footer, url


def test_the_published_mongolian_block_replaces_the_chinese_lines(client, contact, editor, reviewer):
    catalog, bureau = contact
    publish_text(
        bureau, editor, reviewer, {"name": EVENT_MN, "address": ADDRESS_MN, "office_hours": SUMMARY_MN}
    )
    html = _get(client, "/mn/")
    for part in (_footer(html), _home_block(html)):
        assert EVENT_MN in part and ADDRESS_MN in part and SUMMARY_MN in part
        assert ADDRESS not in part and HOURS not in part and catalog.publisher not in part
        assert PHONE in part  # numbers are not texts
        assert _mn(MISSING) not in part and "contact-note" not in part
    for url in PAGES[1:]:
        footer = _footer(_get(client, url))
        assert ADDRESS_MN in footer and ADDRESS not in footer and "contact-note" not in footer, url
    # The Chinese pages keep the catalog's own lines and never a Mongolian word or note.
    chinese = _get(client, "/")
    for part in (_footer(chinese), _home_block(chinese)):
        assert ADDRESS in part and HOURS in part and catalog.publisher in part
        assert EVENT_MN not in part and not re.search("[\u1820-\u1878]", part) and "contact-note" not in part


def test_a_partial_block_shows_chinese_where_it_has_none_and_an_old_one_says_it_is_out_of_date(
    client, contact, editor, reviewer
):
    _, bureau = contact
    publish_text(bureau, editor, reviewer, {"name": EVENT_MN, "address": ADDRESS_MN})
    footer = _footer(_get(client, "/mn/"))
    assert EVENT_MN in footer and ADDRESS_MN in footer and HOURS in footer and _mn(MISSING) in footer
    # The body moves: its Chinese address changes, the Mongolian no longer says where it is.
    Body.objects.filter(pk=bureau.pk).update(address="音德尔镇新址")
    footer = _footer(_get(client, "/mn/"))
    assert ADDRESS_MN not in footer and ADDRESS in footer and EVENT_MN in footer
    assert _mn(OUT_OF_DATE) in footer


def _count(client, url) -> int:
    client.get(url)  # the first request of a process fills its caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_the_mongolian_block_costs_no_query_more(client, contact, editor, reviewer):
    _, bureau = contact
    before = {url: _count(client, url) for url in PAGES}
    publish_text(
        bureau, editor, reviewer, {"name": EVENT_MN, "address": ADDRESS_MN, "office_hours": SUMMARY_MN}
    )
    assert {url: _count(client, url) for url in PAGES} == before
    # The item page costs the same in both languages, footer included (tests/portal/test_languages.py).
    assert _count(client, ITEM) == _count(client, "/mn" + ITEM)


def test_the_chinese_pages_ask_nothing_of_the_mongolian_for_the_footer(client, contact):
    for url in ("/", "/events/", "/gongkai/", f"/bodies/zltq-rsj/catalog/{SEED}/g/0/"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert not any("translations_texttranslation" in q["sql"] for q in ctx.captured_queries), url


def test_the_pages_stay_cacheable(client, contact, editor, reviewer, page_cache):
    _, bureau = contact
    publish_text(bureau, editor, reviewer, {"name": EVENT_MN, "address": ADDRESS_MN})
    first = client.get("/mn/")
    assert first[STATUS_HEADER] == "MISS" and not first.cookies
    again = client.get("/mn/")
    assert again[STATUS_HEADER] == "HIT" and ADDRESS_MN in again.content.decode()


def test_the_mongolian_kiosk_is_headed_with_the_bodys_mongolian_name(client, contact, editor, reviewer):
    catalog, bureau = contact
    header = _get(client, "/mn/kiosk/").split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert catalog.publisher in header  # no Mongolian name yet: the Chinese
    publish_text(bureau, editor, reviewer, {"name": EVENT_MN})
    page = _get(client, "/mn/kiosk/")
    header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert EVENT_MN in header and catalog.publisher not in header
    assert EVENT_MN in page.split("<title>", 1)[1].split("</title>", 1)[0]
    # The Chinese kiosk keeps the Chinese name.
    assert catalog.publisher in _get(client, "/kiosk/").split("</header>", 1)[0]
