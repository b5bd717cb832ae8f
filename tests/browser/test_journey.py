"""A citizen's way from the home page to a service guide they can print."""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import SEED, set_elder

pytestmark = pytest.mark.browser


def test_from_home_to_a_printable_guide(site, page):
    page.goto(site + "/")
    group_tile = page.locator("a.tile").filter(
        has=page.locator(".tile-title", has_text=re.compile(r"^社会保险登记$"))
    )
    group_tile.click()
    expect(page).to_have_url(f"{site}/bodies/zltq-rsj/catalog/{SEED}/g/0/")
    expect(page.get_by_role("heading", level=1)).to_have_text("社会保险登记")

    page.get_by_role("link", name="职工参保登记", exact=True).click()
    expect(page).to_have_url(f"{site}/bodies/zltq-rsj/catalog/{SEED}/4/")
    materials = page.get_by_role("region", name="要带的材料")
    expect(materials.get_by_role("heading", name="要带的材料")).to_be_visible()
    expect(materials.get_by_role("listitem").filter(has_text="居民身份证")).to_be_visible()

    pdf_link = page.get_by_role("link", name="下载 PDF 打印")
    expect(pdf_link).to_be_visible()
    pdf_url = urljoin(page.url, pdf_link.get_attribute("href"))
    response = page.request.get(pdf_url)
    assert response.status == 200, f"{pdf_url} answered {response.status}"
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF-")

    # Printing the page itself: the guide stays, navigation and buttons go.
    expect(page.locator(".main-nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    expect(pdf_link).to_be_hidden()
    expect(materials.get_by_text("居民身份证")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".main-nav")).to_be_visible()


def test_catalog_table_offers_a_pdf_not_a_dead_link(site, page):
    page.goto(site + "/catalog/")
    dead = page.locator('main a[href="#"]')
    assert dead.count() == 0, "a link that goes nowhere without JavaScript"
    # The PDF itself is tested with the PDF views; rendering 77 rows here would cost 5 s.
    expect(page.get_by_role("link", name="下载 PDF 打印")).to_have_attribute(
        "href", f"/bodies/zltq-rsj/catalog/{SEED}/table.pdf"
    )


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_catalog_prints_as_the_official_table_across_the_page(site, new_context, mode):
    context = new_context()
    if mode == "elder":
        set_elder(context, site)
    page = context.new_page()
    page.goto(site + "/catalog/")
    page.emulate_media(media="print")
    # Paper gets the real table, also in large-text mode (which shows cards on screen).
    display = page.evaluate(
        "['.catalog-table', '.catalog-table thead'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert display == ["table", "table-header-group"]
    expect(page.locator(".main-nav")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    pages = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert pages and all(float(w) > float(h) for w, h in pages), "landscape pages"
    assert len(pages) <= 30, f"{len(pages)} pages for 77 rows"
