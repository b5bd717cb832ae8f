"""Uploading a catalog file in a real Chromium (issue 15): the preview shows the reader's notes and what the
file changes, a wrongly taken column is fixed in the browser, and confirm publishes it on the portal; a second
upload is cancelled and nothing changes."""

import re

import pytest

from tests.browser.helpers import PHONE, SEED, describe_violations, no_horizontal_scroll, screenshot_dir
from tests.browser.test_accessibility import TAGS

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"
PREVIEW = re.compile(r".*/staff/catalogs/upload/\d+/$")
NEW_LIMIT = "信息形成或变更之日起10个工作日内"
ITEM_4 = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
# The elements that stick out of the window, to say what to fix.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false; } return true; })
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def upload_site(transactional_db, live_server, django_user_model):
    from gongkai.accounts.roles import Role, grant
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import load_seed_if_empty

    load_seed_if_empty(actor_label="test")
    officer = django_user_model.objects.create_user("office", "office@example.org", PASSWORD, is_staff=True)
    grant(officer, Role.DISCLOSURE_OFFICE)
    return live_server.url, Catalog.objects.get(slug=SEED)


def _county_file(catalog) -> bytes:
    """The catalog as a county might send it back: item 4's time limit changed, the data-quality column
    headed 备注 (which the reader takes for a remark column, not part of the catalog)."""
    from gongkai.catalog.exchange import write_document
    from gongkai.catalog.services import catalog_document

    doc = catalog_document(catalog)
    doc["items"][3]["time_limit"] = NEW_LIMIT
    text = write_document(doc, "csv").decode("utf-8-sig")
    return text.replace("数据质量提示", "备注", 1).encode("utf-8")


def _log_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _upload(page, base: str, catalog) -> None:
    page.goto(base + "/staff/catalogs/upload/")
    page.get_by_label("目录属于哪个单位").select_option(str(catalog.body.pk))
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "扎赉特旗社保目录.csv", "mimeType": "text/csv", "buffer": _county_file(catalog)}],
    )
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(PREVIEW)  # through the progress page, which goes on by itself


def test_upload_preview_fix_a_column_confirm_and_see_it_on_the_portal(new_context, upload_site, tmp_path):
    base, catalog = upload_site
    page = new_context().new_page()
    _log_in(page, base)
    _upload(page, base, catalog)
    shots = screenshot_dir(tmp_path)
    page.screenshot(path=str(shots / "upload-preview.png"))
    page.locator("table.preview-table").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "upload-preview-table.png"))

    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    assert not violations, describe_violations(violations)

    # The preview: the reader's note about the column it did not take, and the changes against the catalog.
    notes = page.locator("ul.notes").inner_text()
    assert "“备注”不是目录的内容，没有导入" in notes
    changes = page.locator("text=和网站上现有的").inner_text()
    assert "修改" in changes
    changed_before = int(re.search(r"修改 (\d+) 项", changes)[1])
    assert changed_before > 1  # every item with a data-quality note lost it
    assert page.locator("table.diff-table").first.get_by_text(NEW_LIMIT).count() == 1

    # The 备注 column holds the data-quality notes: say so and read the file again.
    page.get_by_label("第 15 列“备注”是").select_option("warnings")
    page.get_by_role("button", name="按这样重新读取").click()
    page.wait_for_url(PREVIEW)
    changes = page.locator("text=和网站上现有的").inner_text()
    assert re.search(r"新增 0 项，修改 1 项，删除 0 项", changes), changes
    assert page.get_by_text("按您指定的").count() == 1

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(PREVIEW)
    assert "已导入" in page.locator("body").inner_text()

    page.goto(base + ITEM_4)
    assert NEW_LIMIT in page.locator("main").inner_text()


def test_upload_then_cancel_changes_nothing(new_context, upload_site, tmp_path):
    from gongkai.catalog_upload.models import CatalogUpload, UploadState

    base, catalog = upload_site
    page = new_context(viewport=PHONE).new_page()  # a township's editor on a phone
    _log_in(page, base)
    page.goto(base + "/staff/catalogs/upload/")
    page.screenshot(path=str(screenshot_dir(tmp_path) / "upload-phone.png"), full_page=True)
    assert no_horizontal_scroll(page)[0], page.evaluate(WIDEST)
    _upload(page, base, catalog)
    page.screenshot(path=str(screenshot_dir(tmp_path) / "upload-preview-phone.png"))
    assert no_horizontal_scroll(page)[0], page.evaluate(WIDEST)  # the wide table scrolls inside its own box
    page.get_by_role("button", name="取消，不导入").click()
    page.wait_for_url(re.compile(r".*/staff/catalogs/upload/$"))
    assert "目录没有任何改动" in page.locator("body").inner_text()
    assert CatalogUpload.objects.get().state == UploadState.CANCELLED
    page.goto(base + ITEM_4)
    assert NEW_LIMIT not in page.locator("main").inner_text()
    assert catalog.items.get(seq=4).time_limit != NEW_LIMIT
