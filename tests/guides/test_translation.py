"""Mongolian translations of service guides: written and reviewed like the Chinese, published on the same
channels, out of date the moment the Chinese changes (with a new draft on its own 20-working-day clock), and
never shown to the public out of date: the Chinese shows instead, with a note."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Item
from gongkai.compliance.clock import tracked_revisions
from gongkai.guides import services
from gongkai.guides.models import ChannelPosting, GuideRevision, Language, RevisionState
from gongkai.guides.translation import (
    MISSING,
    OUT_OF_DATE,
    carry_over,
    clean_translation,
    overlay,
    untranslated,
)
from gongkai.workdays.calendar import add_workdays
from tests.guides.helpers import FULL_CONTENT, publish, publish_translation

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"
ITEM_PAGE = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
NAME = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"  # 社会保险参保登记, drafted for the tests
SUMMARY = "ᠠᠵᠢᠯ ᠤᠨ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠠᠵᠢᠯᠲᠠᠨ ᠢᠶᠠᠨ ᠪᠦᠷᠢᠳᠬᠡᠨ᠎ᠡ᠃"
MATERIAL = "ᠢᠷᠭᠡᠨ ᠦ ᠦᠨᠡᠮᠯᠡᠯ"


def _translation(**over):
    text = {
        "name": NAME,
        "summary": SUMMARY,
        "ways": "ᠴᠣᠩᠬᠤ ᠪᠠᠷ",
        "delivery": "ᠲᠡᠨᠳᠡ ᠨᠢ",
        "hours": "ᠠᠵᠢᠯ ᠤᠨ ᠡᠳᠦᠷ",
        "time_limit": {"text": "ᠪᠦᠷᠢᠨ"},
        "fees": {"basis": "", "standard": ""},
        "materials": [{"name": MATERIAL, "notes": ""}, {"name": "ᠭᠡᠷ᠎ᠡ", "notes": "ᠲᠠᠮᠠᠭ᠎ᠠ"}],
        "places": [{"name": "ᠲᠥᠪ", "address": "ᠢᠨᠳᠡᠷ"}],
        "consult": [{"label": "ᠤᠲᠠᠰᠤ", "value": "0482-0000000"}],
        "complaint": [{"label": "ᠤᠲᠠᠰᠤ", "value": "0482-1111111"}],
    }
    return {**text, **over}


@pytest.fixture
def item(seeded):
    return Item.objects.get(catalog__slug=SEED, seq=4)


@pytest.fixture
def chinese(item, editor, reviewer):
    return publish(item, editor, reviewer, formed_on=datetime.date(2026, 11, 2))


def _publish_translation(item, editor, reviewer, content=None):
    return publish_translation(item, editor, reviewer, content or _translation())


# ---------------------------------------------------------------- the translation's content


def test_a_translation_holds_texts_only_and_keeps_the_sources_rows():
    blank = carry_over(None, FULL_CONTENT)
    assert len(blank["materials"]) == 2 and blank["materials"][0] == {"name": "", "notes": ""}
    clean = clean_translation(_translation(), FULL_CONTENT)
    assert "copies" not in clean["materials"][0] and "free" not in clean["fees"]
    with pytest.raises(ValueError, match="办理材料应与中文一样是 2 条"):
        clean_translation(_translation(materials=[{"name": MATERIAL}]), FULL_CONTENT)


def test_the_page_shows_the_sources_facts_with_the_mongolian_words():
    shown = overlay(FULL_CONTENT, clean_translation(_translation(), FULL_CONTENT))
    assert shown["materials"][0] == {"name": MATERIAL, "form": "原件", "copies": 1, "notes": ""}
    assert shown["summary"] == SUMMARY
    assert shown["fees"]["free"] is True
    # A part left untranslated reads in Chinese rather than not at all, and is named as missing.
    partial = clean_translation(_translation(delivery=""), FULL_CONTENT)
    assert overlay(FULL_CONTENT, partial)["delivery"] == "当场告知"
    assert untranslated(partial, FULL_CONTENT) == ("结果送达",)


def test_a_new_translation_keeps_what_still_fits():
    old = clean_translation(_translation(), FULL_CONTENT)
    changed = {
        **FULL_CONTENT,
        "materials": [*FULL_CONTENT["materials"], {"name": "照片", "form": "原件", "copies": 2}],
    }
    fresh = carry_over(old, changed)
    assert fresh["summary"] == SUMMARY and fresh["places"] == old["places"]
    assert (
        fresh["materials"] == [{"name": "", "notes": ""}] * 3
    )  # the list changed: its rows may mean other things


# ---------------------------------------------------------------- the workflow


def test_no_translation_before_the_chinese_is_published(item, editor):
    with pytest.raises(ValidationError, match="先发布中文"):
        services.start_translation(item, acting_user=editor)


def test_a_translation_goes_through_the_same_review(item, chinese, editor, reviewer):
    rev = services.start_translation(item, acting_user=editor)
    assert rev.language == Language.MONGOLIAN and rev.source == chinese and rev.number == 1
    # Its clock runs from the day the Chinese was published.
    published_on = chinese.published_at.astimezone().date()
    assert rev.formed_on == published_on
    assert rev.due_on == add_workdays(published_on, 20).date
    rev = services.save_draft(
        rev, content=_translation(), is_major=True, change_note="译自中文", formed_on=None, acting_user=editor
    )
    rev = services.submit_revision(rev, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.approve_revision(rev, acting_user=editor)  # 先审后发: not by the one who wrote it
    rev = services.approve_revision(rev, acting_user=reviewer)
    assert rev.state == RevisionState.PUBLISHED
    # The Chinese stays live beside it; the website posting is recorded for the translation too.
    chinese.refresh_from_db()
    assert chinese.state == RevisionState.PUBLISHED
    assert ChannelPosting.objects.filter(revision=rev, place="网站自动发布").exists()
    assert AuditEntry.objects.filter(action="guide.translate").exists()


def test_a_missing_translation_must_be_confirmed_like_missing_elements(item, chinese, editor):
    rev = services.start_translation(item, acting_user=editor)
    rev = services.save_draft(
        rev,
        content=_translation(summary=""),
        is_major=True,
        change_note="译",
        formed_on=None,
        acting_user=editor,
    )
    with pytest.raises(services.MissingElements) as refused:
        services.submit_revision(rev, acting_user=editor)
    assert refused.value.missing == ("事项简述",)


def test_a_chinese_change_puts_the_translation_behind_with_its_own_clock(item, chinese, editor, reviewer):
    mongolian = _publish_translation(item, editor, reviewer)
    newer = publish(item, editor, reviewer, formed_on=datetime.date(2026, 12, 1), note="材料减少")
    mongolian.refresh_from_db()
    assert mongolian.state == RevisionState.PUBLISHED  # still live, but out of date: the page shows Chinese
    draft = services.open_revision(item, Language.MONGOLIAN)
    assert draft.state == RevisionState.DRAFT and draft.source == newer and draft.number == 2
    assert draft.content["summary"] == SUMMARY  # carried over where it still fits
    today = newer.published_at.astimezone().date()
    assert draft.formed_on == today and draft.due_on == add_workdays(today, 20).date
    # On the dashboard like any other running deadline.
    assert draft in list(tracked_revisions(catalog=item.catalog))
    assert AuditEntry.objects.filter(action="guide.translation_due").count() == 1


def test_a_translation_under_review_goes_back_to_its_editor_when_the_chinese_changes(
    item, chinese, editor, reviewer
):
    _publish_translation(item, editor, reviewer)
    second = services.start_translation(item, acting_user=editor)
    second = services.save_draft(
        second, content=_translation(), is_major=False, change_note="", formed_on=None, acting_user=editor
    )
    services.submit_revision(second, acting_user=editor)
    newer = publish(item, editor, reviewer, formed_on=datetime.date(2026, 12, 1), note="改")
    second.refresh_from_db()
    assert second.state == RevisionState.DRAFT and second.source == newer
    assert "第2版" in second.review_comment
    assert GuideRevision.objects.filter(item=item, language=Language.MONGOLIAN).count() == 2


# ---------------------------------------------------------------- what the public sees


def test_the_mongolian_page_shows_the_current_translation(client, item, chinese, editor, reviewer):
    _publish_translation(item, editor, reviewer)
    html = client.get("/mn" + ITEM_PAGE).content.decode()
    assert f"<h1>{NAME}</h1>" in html and SUMMARY in html and MATERIAL in html
    assert "translation-note" not in html
    # The Chinese page is the Chinese.
    chinese_html = client.get(ITEM_PAGE).content.decode()
    assert NAME not in chinese_html and "用人单位为职工办理社会保险参保登记。" in chinese_html


def test_an_out_of_date_translation_gives_way_to_the_chinese_with_a_note(
    client, item, chinese, editor, reviewer
):
    _publish_translation(item, editor, reviewer)
    publish(
        item,
        editor,
        reviewer,
        formed_on=datetime.date(2026, 12, 1),
        content={**FULL_CONTENT, "summary": "新的简述"},
    )
    html = client.get("/mn" + ITEM_PAGE).content.decode()
    assert SUMMARY not in html and "新的简述" in html
    assert "translation-note" in html
    from gongkai.guides.translation import published_translation

    revisions = list(item.guide_revisions.all())
    live = services.current_revision(item)
    assert published_translation(live, revisions, Language.MONGOLIAN)[1] == OUT_OF_DATE
    # Once the new translation is published, the Mongolian shows again.
    _publish_translation(item, editor, reviewer)
    html = client.get("/mn" + ITEM_PAGE).content.decode()
    assert SUMMARY in html and "translation-note" not in html


def test_without_a_translation_the_mongolian_page_says_so_in_mongolian(client, item, chinese):
    html = client.get("/mn" + ITEM_PAGE).content.decode()
    assert "用人单位为职工办理社会保险参保登记。" in html
    note = html.split('class="notice translation-note"', 1)[1].split("</p>", 1)[0]
    assert any("\u1820" <= ch <= "\u18aa" for ch in note)
    assert published_translation_missing(item)


def published_translation_missing(item) -> bool:
    from gongkai.guides.translation import published_translation

    return (
        published_translation(services.current_revision(item), list(item.guide_revisions.all()), "mn")[1]
        == MISSING
    )


def test_the_demo_content_carries_mongolian_for_a_few_items(client, seeded):
    from gongkai.guides.demo import load_demo_content

    load_demo_content()
    translated = GuideRevision.objects.filter(language=Language.MONGOLIAN, state=RevisionState.PUBLISHED)
    assert sorted(translated.values_list("item__seq", flat=True)) == [4, 17, 75]
    assert all(rev.change_note.startswith("演示数据") for rev in translated)
    html = client.get("/mn" + ITEM_PAGE).content.decode()
    name = translated.get(item__seq=4).content["name"]
    assert f"<h1>{name}</h1>" in html
    assert "translation-note" not in html
    assert 'class="demo-banner"' in html  # the demo banner, in Mongolian on this page


def test_lists_on_mongolian_pages_name_items_by_their_current_translation(
    client, item, chinese, editor, reviewer
):
    _publish_translation(item, editor, reviewer)
    group = f"/bodies/zltq-rsj/catalog/{SEED}/g/{item.category.position}/"
    assert NAME in client.get("/mn" + group).content.decode()
    assert NAME not in client.get(group).content.decode()
    publish(
        item,
        editor,
        reviewer,
        formed_on=datetime.date(2026, 12, 1),
        content={**FULL_CONTENT, "summary": "新"},
    )
    html = client.get("/mn" + group).content.decode()
    assert NAME not in html and item.name in html  # out of date: the Chinese name, as on its page
