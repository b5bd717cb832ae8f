"""Group names and life events in Mongolian, in a real Chromium: an editor writes them beside the Chinese,
a second person approves them, the Mongolian pages show them; then a re-imported catalog renames the group,
and the Mongolian page shows the new Chinese with a note while the dashboard shows the clock and its owner."""

import pytest
from django.utils import translation

from tests.browser.helpers import SEED, artefacts_dir

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"
GROUP_PAGE = f"/bodies/zltq-rsj/catalog/{SEED}/g/0/"
GROUP_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠯ ᠤᠨ ᠪᠦᠷᠲᠭᠡᠯ"
EVENT_MN = "ᠲᠡᠲᠭᠦᠪᠦᠷᠢ ᠳᠦ ᠭᠠᠷᠬᠤ"
SUMMARY_MN = "ᠲᠡᠲᠭᠦᠪᠦᠷᠢ ᠶᠢᠨ ᠮᠥᠩᠭᠦ ᠠᠪᠬᠤ"


@pytest.fixture
def texts_site(transactional_db, live_server, django_user_model):
    from gongkai.accounts.roles import Role, grant
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import load_seed_if_empty
    from gongkai.lifeevents.services import load_life_events

    load_seed_if_empty(actor_label="test")
    load_life_events()
    for name, role in (("editor", Role.EDITOR), ("reviewer", Role.REVIEWER)):
        user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=True)
        grant(user, role)
    return live_server.url, Catalog.objects.get(slug=SEED)


def _log_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page


def _write(editor, base: str, kind: str, chinese_name: str, fields: dict, shots, shot: str):
    editor.goto(f"{base}/staff/mongolian/?kind={kind}")
    with editor.expect_navigation():
        editor.get_by_role("link", name=chinese_name, exact=True).click()
    assert editor.get_by_role("heading", name="编写蒙古文").is_visible()
    for selector, text in fields.items():
        field = editor.locator(selector)
        assert field.get_attribute("lang") == "mn-Mong"
        assert field.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Noto Sans Mongolian"')
        field.fill(text)
    editor.screenshot(path=shots / shot, full_page=True)
    with editor.expect_navigation():
        editor.get_by_role("button", name="保存并提交审核").click()
    assert "已提交审核" in editor.content()


def test_translate_review_publish_then_the_chinese_group_name_changes(
    new_context, texts_site, tmp_path_factory
):
    base, catalog = texts_site
    shots = artefacts_dir(tmp_path_factory)
    group = catalog.categories.get(position=0)

    # The editor writes the group's and the life event's Mongolian beside the Chinese.
    editor = _log_in(new_context(), base, "editor")
    _write(editor, base, "group", group.name, {"#id_name": GROUP_MN}, shots, "mn-text-group-form.png")
    _write(
        editor,
        base,
        "event",
        "退休",
        {"#id_name": EVENT_MN, "#id_summary": SUMMARY_MN},
        shots,
        "mn-text-event-form.png",
    )
    # Nobody approves their own text.
    editor.goto(f"{base}/staff/mongolian/group/{group.pk}/")
    assert (
        "另一位审核人审核" in editor.content() and editor.get_by_role("button", name="批准发布").count() == 0
    )

    # A second person finds both in 我的待办 and approves them.
    reviewer = _log_in(new_context(), base, "reviewer")
    for name in (group.name, "退休"):
        reviewer.goto(f"{base}/staff/tasks/")
        with reviewer.expect_navigation():
            reviewer.get_by_role("link", name=name, exact=True).click()
        assert reviewer.locator(".mongolian-text").first.is_visible()
        with reviewer.expect_navigation():
            reviewer.get_by_role("button", name="批准发布").click()
        assert "已批准" in reviewer.content()

    # The public's Mongolian pages show them, in vertical lines.
    public = new_context().new_page()
    public.goto(base + "/mn" + GROUP_PAGE)
    assert public.locator("h1").inner_text() == GROUP_MN
    # No note for the group itself; the only note is the list's, for its items' names still in Chinese.
    assert _notes(public) <= {_list_note()}
    assert public.locator("h1").evaluate("e => getComputedStyle(e).writingMode") == "vertical-lr"
    public.screenshot(path=shots / "mn-group-in-mongolian.png")
    public.goto(base + "/mn/events/retirement/")
    assert EVENT_MN in public.locator("h1").inner_text() and SUMMARY_MN in public.content()
    public.screenshot(path=shots / "mn-event-in-mongolian.png")
    public.goto(base + "/events/retirement/")
    assert EVENT_MN not in public.content()  # the Chinese page stays Chinese

    # The county's corrected catalog file renames the group.
    from tests.translations.helpers import rename_group_by_import

    rename_group_by_import(catalog, group.name, "社会保险登记（更名）")
    public.goto(base + "/mn" + GROUP_PAGE)
    public.reload()  # the browser asks again (its copy may be kept a minute); the page has changed
    assert public.locator("h1").inner_text() == "社会保险登记（更名）"
    assert _notes(public) - {_list_note()} and GROUP_MN not in public.content()
    public.screenshot(path=shots / "mn-group-out-of-date.png")

    # The dashboard shows the new translation's clock and who holds it.
    editor.goto(f"{base}/staff/")
    section = editor.locator("#mongolian-clocks + p + div table")
    row = section.locator("tr", has_text="社会保险登记（更名）")
    assert row.is_visible()
    assert "编辑 editor" in row.inner_text() and "20 个工作日" in row.inner_text()
    editor.screenshot(path=shots / "mn-text-dashboard-clock.png", full_page=True)


def _list_note() -> str:
    """The note a list shows when some of its names are still Chinese (here: the group's items)."""
    with translation.override("mn"):
        return translation.gettext(
            "有的名称还没有蒙古文，或者中文改过、蒙古文正在更新，这些名称显示的是中文。"
        )


def _notes(page) -> set[str]:
    """The texts of the visible notes saying why something on the page is in Chinese."""
    notes = page.locator(".translation-note")
    return {notes.nth(i).inner_text().strip() for i in range(notes.count()) if notes.nth(i).is_visible()}
