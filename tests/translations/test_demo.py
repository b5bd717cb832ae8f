"""`gongkai init --demo`: a couple of group names, 退休 and the demo county's contact blocks in Mongolian."""

import json

import pytest
from django.utils import translation

from gongkai.translations.demo import DEMO_PATH
from gongkai.translations.models import TextState, TextTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county(db):
    from gongkai.bodies.services import load_demo_county
    from gongkai.catalog.services import load_seed_if_empty
    from gongkai.lifeevents.services import load_life_events

    load_demo_county()
    load_seed_if_empty()
    load_life_events()


def test_the_demo_publishes_mongolian_texts_through_the_review(client, demo_county):
    from gongkai.guides.demo import load_demo_content

    load_demo_content()
    published = TextTranslation.objects.filter(state=TextState.PUBLISHED)
    assert sorted(published.values_list("kind", flat=True)) == ["body", "body", "event", "group", "group"]
    assert all(tr.author != tr.reviewed_by for tr in published)
    data = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    assert data["note"].startswith("演示数据")
    home = client.get("/mn/").content.decode()
    assert data["groups"][0]["mongolian"]["name"] not in home  # the county's home lists bodies, not groups
    assert data["bodies"][0]["mongolian"]["name"] in home and 'class="demo-banner"' in home
    event = client.get("/mn/events/retirement/").content.decode()
    assert data["events"][0]["mongolian"]["name"] in event
    # The event's own texts are all in Mongolian; only the names of steps' items without one may be noted.
    with translation.override("mn"):
        assert translation.gettext("这里还没有蒙古文（或者只有一部分），没有的显示中文。") not in event
    group = client.get("/mn/bodies/zltq-rsj/catalog/zalaite-social-insurance/g/0/").content.decode()
    assert f"<h1>{data['groups'][0]['mongolian']['name']}</h1>" in group
    county = client.get("/mn/bodies/zltq/").content.decode()
    assert data["bodies"][0]["mongolian"]["address"] in county
    load_demo_content()  # a second run adds nothing
    assert TextTranslation.objects.count() == 5
