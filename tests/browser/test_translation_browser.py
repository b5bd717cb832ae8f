"""A guide's Mongolian in a real Chromium: an editor writes it beside the Chinese, another person approves it,
the Mongolian page shows it; the Chinese changes, and the Mongolian page falls back to the Chinese with a
note while the staff see the new translation due on its own clock."""

import datetime

import pytest

from tests.browser.helpers import SEED, artefacts_dir

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"
ITEM_4 = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
NAME = "ᠠᠵᠢᠯᠲᠠᠨ ᠤ ᠪᠦᠷᠢᠳᠬᠡᠯ"
SUMMARY = "ᠠᠵᠢᠯ ᠤᠨ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ ᠠᠵᠢᠯᠲᠠᠨ ᠢᠶᠠᠨ ᠪᠦᠷᠢᠳᠬᠡᠨ᠎ᠡ᠃"


@pytest.fixture
def translation_site(transactional_db, live_server, django_user_model):
    from gongkai.accounts.roles import Role, grant
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import load_seed_if_empty
    from tests.guides.helpers import publish

    load_seed_if_empty(actor_label="test")
    people = {}
    for name, role in (("editor", Role.EDITOR), ("reviewer", Role.REVIEWER)):
        people[name] = django_user_model.objects.create_user(
            name, f"{name}@example.org", PASSWORD, is_staff=True
        )
        grant(people[name], role)
    item = Catalog.objects.get(slug=SEED).items.get(seq=4)
    publish(item, people["editor"], people["reviewer"], formed_on=datetime.date(2026, 11, 2))
    return live_server.url, item, people


def _log_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page


def test_translate_approve_then_the_chinese_changes(new_context, translation_site, tmp_path_factory):
    base, item, people = translation_site
    shots = artefacts_dir(tmp_path_factory)

    # The editor writes the Mongolian beside the Chinese.
    editor = _log_in(new_context(), base, "editor")
    editor.goto(f"{base}/staff/guides/item/{item.pk}/")
    assert "还没有蒙古文" in editor.content()
    with editor.expect_navigation():
        editor.get_by_role("button", name="编写蒙古文（按现行中文第1版）").click()
    assert editor.get_by_role("heading", name="编写蒙古文办事指南").is_visible()
    assert (
        editor.locator("#id_name")
        .evaluate("e => getComputedStyle(e).fontFamily")
        .startswith('"Noto Sans Mongolian"')
    )
    editor.fill("#id_name", NAME)
    editor.fill("#id_summary", SUMMARY)
    editor.screenshot(path=shots / "mn-translation-form.png", full_page=True)
    with editor.expect_navigation():
        editor.get_by_role("button", name="保存并提交审核").click()
    # Parts left untranslated are named; the editor goes on knowingly (they show in Chinese).
    assert "没有译成蒙古文" in editor.content() and "办理材料" in editor.content()
    with editor.expect_navigation():
        editor.get_by_role("button", name="仍然提交审核").click()
    assert "已提交审核" in editor.content()

    # Someone else approves it.
    reviewer = _log_in(new_context(), base, "reviewer")
    reviewer.goto(f"{base}/staff/guides/item/{item.pk}/")
    with reviewer.expect_navigation():
        reviewer.get_by_role("link", name="蒙古文第1版（待审核）").click()
    assert "中文第1版和蒙古文对照" in reviewer.content()
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="批准发布").click()
    with reviewer.expect_navigation():  # the untranslated parts again, for the reviewer to accept knowingly
        reviewer.get_by_role("button", name="仍然批准发布").click()

    # The public's Mongolian page shows it.
    public = new_context().new_page()
    public.goto(base + "/mn" + ITEM_4)
    assert public.locator("h1").inner_text() == NAME
    assert SUMMARY in public.content()
    assert public.locator(".translation-note").count() == 0

    # The Chinese changes: the Mongolian page shows the new Chinese with a note, never the stale Mongolian.
    from tests.guides.helpers import FULL_CONTENT, publish

    changed = {**FULL_CONTENT, "summary": "材料减少以后的简述"}
    publish(item, people["editor"], people["reviewer"], formed_on=datetime.date(2026, 12, 1), content=changed)
    public.reload()  # the browser asks again (its copy may be kept a minute); the page has changed
    assert public.locator(".translation-note").is_visible()
    assert SUMMARY not in public.content() and "材料减少以后的简述" in public.content()
    public.screenshot(path=shots / "mn-item-out-of-date.png")

    # The staff see why, and the new translation due on its own clock.
    editor.goto(f"{base}/staff/guides/item/{item.pk}/")
    page_text = editor.content()
    assert "中文已更新" in page_text and "蒙古文第2版（草稿）" in page_text and "最迟" in page_text
