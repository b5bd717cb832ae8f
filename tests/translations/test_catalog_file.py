"""The catalog file carries the Mongolian names: export writes the published ones, import submits changed ones
for review by someone else (never publishes them), and leaves unchanged or empty cells alone."""

import pytest

from gongkai.catalog.exchange import FORMATS, ExchangeError, read_document, write_document
from gongkai.catalog.services import catalog_document, import_catalog
from gongkai.translations import services
from gongkai.translations.models import TextState, TextTranslation
from tests.translations.helpers import GROUP_MN, publish_text
from tests.translations.test_item_names import GUIDE_MN, ITEM_MN

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(seeded, editor, reviewer):
    """The first group and item 4 with published Mongolian names."""
    group = seeded.categories.get(position=0)
    item = seeded.items.get(seq=4)
    publish_text(group, editor, reviewer, {"name": GROUP_MN})
    publish_text(item, editor, reviewer, {"name": ITEM_MN})
    return group, item


def _entry(doc, seq):
    return next(entry for entry in doc["items"] if entry["seq"] == seq)


def test_export_writes_the_published_mongolian_names(seeded, named):
    group, item = named
    doc = catalog_document(seeded)
    assert _entry(doc, 4)["name_mn"] == ITEM_MN and _entry(doc, 4)["category_mn"] == GROUP_MN
    assert "name_mn" not in _entry(doc, 5)
    assert all(
        entry.get("category_mn") == GROUP_MN for entry in doc["items"] if entry["category"] == group.name
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exported_file_imported_again_changes_nothing(seeded, named, editor, fmt):
    before = TextTranslation.objects.count()
    doc = read_document(write_document(catalog_document(seeded), fmt), fmt)
    assert _entry(doc, 4)["name_mn"] == ITEM_MN
    plan = import_catalog(doc, body=seeded.body, actor=editor, validated=True)
    assert not plan.has_changes and plan.mongolian == 0
    assert TextTranslation.objects.count() == before


def test_a_changed_cell_is_submitted_for_review_never_published(seeded, named, editor, reviewer):
    group, item = named
    doc = catalog_document(seeded)
    _entry(doc, 4)["name_mn"] = GUIDE_MN
    _entry(doc, 5)["name_mn"] = GUIDE_MN  # an item with no Mongolian yet
    plan = import_catalog(doc, body=seeded.body, actor=editor)
    assert plan.mongolian == 2 and "蒙古文名称 2 处" in plan.summary()
    pending = services.open_text(item)
    assert pending.state == TextState.SUBMITTED and pending.texts == {"name": GUIDE_MN}
    assert pending.author == editor and pending.submitted_by == editor
    assert services.published_text(item).texts == {"name": ITEM_MN}  # still the old one on the pages
    assert services.open_text(seeded.items.get(seq=5)).state == TextState.SUBMITTED
    with pytest.raises(services.PermissionDenied):
        services.approve(pending, acting_user=editor)
    services.approve(pending, acting_user=reviewer)
    assert services.published_text(item).texts == {"name": GUIDE_MN}


def test_an_empty_cell_changes_nothing(seeded, named, editor):
    group, item = named
    doc = catalog_document(seeded)
    for entry in doc["items"]:
        entry.pop("name_mn", None)
        entry.pop("category_mn", None)
    plan = import_catalog(doc, body=seeded.body, actor=editor)
    assert not plan.has_changes
    assert services.published_text(item).texts == {"name": ITEM_MN} and services.open_text(item) is None


def test_without_an_editor_a_changed_cell_refuses_the_whole_import(seeded, named, reviewer):
    doc = catalog_document(seeded)
    _entry(doc, 4)["name_mn"] = GUIDE_MN
    _entry(doc, 6)["name"] = "改了名字的事项"
    for actor in (None, reviewer):  # the command line, or someone who may not write the Mongolian
        with pytest.raises(ExchangeError, match="二级事项（蒙古文）"):
            import_catalog(doc, body=seeded.body, actor=actor)
    assert seeded.items.get(seq=6).name != "改了名字的事项"  # all or nothing


def test_a_new_catalog_with_mongolian_names_submits_them(seeded, bureau, editor):
    doc = catalog_document(seeded)
    doc["catalog"]["area"], doc["catalog"]["title"], doc["catalog"]["slug"] = "就业", "就业领域目录", "jiuye"
    for entry in doc["items"]:
        entry.pop("url")
    _entry(doc, 1)["category_mn"] = GROUP_MN
    _entry(doc, 1)["name_mn"] = ITEM_MN
    plan = import_catalog(doc, body=bureau, actor=editor)
    assert plan.is_new_catalog and plan.mongolian == 2
    opened = TextTranslation.objects.filter(state=TextState.SUBMITTED, author=editor)
    assert sorted(opened.values_list("kind", flat=True)) == ["group", "item"]
