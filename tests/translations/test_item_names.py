"""An item's own Mongolian name (二级事项), for the many items without a guide: written and reviewed like a
group's, shown wherever a Mongolian page names the item — unless the item's current guide translation
names it, which wins — and out of date when the Chinese name changes (the admin, a re-import)."""

import datetime

import pytest
from django.utils import translation

from gongkai.catalog.models import Item
from gongkai.catalog.services import catalog_document, import_catalog
from gongkai.translations import services
from gongkai.translations.models import TextState, TextTranslation
from tests.guides.helpers import publish, publish_translation
from tests.guides.test_translation import _translation
from tests.translations.helpers import publish_text

pytestmark = pytest.mark.django_db

CATALOG = "/bodies/zltq-rsj/catalog/zalaite-social-insurance/"
# Drafted for the tests (traditional script): 退休人员待遇核定, 参保登记.
ITEM_MN = "ᠲᠡᠲᠭᠦᠯᠢ ᠶᠢᠨ ᠲᠡᠭᠡᠮᠵᠢ ᠲᠣᠭᠲᠠᠭᠠᠬᠤ"
GUIDE_MN = "ᠳᠠᠭᠠᠳᠬᠠᠯ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ"
LIST_NOTE = "有的名称还没有蒙古文，或者中文改过、蒙古文正在更新，这些名称显示的是中文。"
MISSING = "这里还没有蒙古文（或者只有一部分），没有的显示中文。"
OUT_OF_DATE = "中文已经修改，蒙古文正在按新内容更新；改过的地方先显示新的中文。"


def _note(text: str) -> str:
    with translation.override("mn"):
        return translation.gettext(text)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def item(seeded):
    return seeded.items.get(seq=4)


def _level_of(item) -> int:
    return item.catalog.level_options.index(item.levels[0])


def test_an_item_without_a_guide_is_named_in_mongolian_on_every_list(client, seeded, item, editor, reviewer):
    assert not item.guide_revisions.exists()
    before = _page(client, f"/mn{CATALOG}{item.seq}/")
    assert f"<h1>{item.name}</h1>" in before and _note(MISSING) in before
    tr = publish_text(item, editor, reviewer, {"name": ITEM_MN})
    assert tr.state == TextState.PUBLISHED and tr.body == seeded.body and tr.kind == "item"
    page = _page(client, f"/mn{CATALOG}{item.seq}/")
    assert f"<h1>{ITEM_MN}</h1>" in page and _note(MISSING) not in page
    # The group page notes that its group name is Chinese; the list note says the same of the names.
    assert ITEM_MN in _page(client, f"/mn{CATALOG}g/{item.category.position}/")
    lists = [
        f"/mn{CATALOG}levels/{_level_of(item)}/",
        f"/mn{CATALOG}",
        "/mn/site-map/",
    ]
    for url in lists:
        shown = _page(client, url)
        assert ITEM_MN in shown and _note(LIST_NOTE) in shown, url  # the other items are still Chinese
    for url in [f"{CATALOG}{item.seq}/", f"{CATALOG}g/{item.category.position}/", CATALOG, "/site-map/"]:
        assert ITEM_MN not in _page(client, url), url


def test_the_guide_translations_name_wins_while_it_is_current(client, item, editor, reviewer):
    publish_text(item, editor, reviewer, {"name": ITEM_MN})
    publish(item, editor, reviewer, formed_on=datetime.date(2025, 3, 3))
    # The Chinese guide has no translation yet: the item's own Mongolian name is shown.
    assert ITEM_MN in _page(client, f"/mn{CATALOG}g/{item.category.position}/")
    publish_translation(item, editor, reviewer, _translation(name=GUIDE_MN))
    # The home page's latest guides too.
    for url in (
        f"/mn{CATALOG}{item.seq}/",
        f"/mn{CATALOG}g/{item.category.position}/",
        f"/mn{CATALOG}",
        "/mn/",
    ):
        shown = _page(client, url)
        assert GUIDE_MN in shown and ITEM_MN not in shown, url


def test_an_item_renamed_in_the_admin_shows_the_chinese_and_opens_a_clock(client, item, editor, reviewer):
    publish_text(item, editor, reviewer, {"name": ITEM_MN})
    item.name = "参保登记（新名称）"
    item.save()
    pending = services.open_text(item)
    assert pending is not None and pending.formed_on is not None and pending.due_on is not None
    assert pending.author == editor and pending.texts == {"name": ITEM_MN}
    page = _page(client, f"/mn{CATALOG}{item.seq}/")
    assert "<h1>参保登记（新名称）</h1>" in page and ITEM_MN not in page and _note(OUT_OF_DATE) in page
    assert "参保登记（新名称）" in _page(client, f"/mn{CATALOG}g/{item.category.position}/")


def test_a_re_import_that_renames_an_item_puts_its_mongolian_out_of_date(seeded, item, editor, reviewer):
    publish_text(item, editor, reviewer, {"name": ITEM_MN})
    other = seeded.items.get(seq=5)
    publish_text(other, editor, reviewer, {"name": GUIDE_MN})
    doc = catalog_document(seeded)
    for entry in doc["items"]:
        if entry["seq"] == item.seq:
            entry["name"] = "参保登记（新名称）"
    import_catalog(doc, body=seeded.body, actor_label="test")
    assert services.open_text(item).formed_on is not None
    assert services.open_text(other) is None  # unchanged: nothing opens
    # The same file again changes nothing more.
    import_catalog(doc, body=seeded.body, actor_label="test")
    assert TextTranslation.objects.filter(kind="item", object_id=item.pk).count() == 2


def test_an_item_dropped_by_a_re_import_takes_its_mongolian_along(
    seeded, item, editor, reviewer, django_capture_on_commit_callbacks
):
    publish_text(item, editor, reviewer, {"name": ITEM_MN})
    doc = catalog_document(seeded)
    doc["items"] = [entry for entry in doc["items"] if entry["seq"] != item.seq]
    with django_capture_on_commit_callbacks(execute=True):
        import_catalog(doc, body=seeded.body, actor_label="test")
    assert not Item.objects.filter(pk=item.pk).exists()
    assert not TextTranslation.objects.filter(kind="item", object_id=item.pk).exists()


def test_an_item_name_needs_a_second_person_and_the_traditional_script(item, editor, reviewer):
    with pytest.raises(services.ValidationError):
        services.save_draft(item, texts={"name": "Тэтгэвэр"}, acting_user=editor)
    tr = services.submit(
        services.save_draft(item, texts={"name": ITEM_MN}, acting_user=editor), acting_user=editor
    )
    with pytest.raises(services.PermissionDenied):
        services.approve(tr, acting_user=editor)


def test_the_staff_list_has_the_items(client, item, editor):
    client.force_login(editor)
    page = _page(client, "/staff/mongolian/?kind=item")
    assert item.name in page and f"/staff/mongolian/item/{item.pk}/" in page


def test_the_items_staff_page_shows_its_chinese_and_links_its_public_page(client, item, editor):
    client.force_login(editor)
    page = _page(client, f"/staff/mongolian/item/{item.pk}/")
    assert item.name in page and f"{CATALOG}{item.seq}/" in page
