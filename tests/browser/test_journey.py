"""A citizen's way from the home page to a service guide they can print."""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import SEED

pytestmark = pytest.mark.browser


def test_from_home_to_a_printable_guide(site, page):
    page.goto(site + "/")
    group_tile = page.locator("a.tile").filter(
        has=page.locator(".tile-title", has_text=re.compile(r"^社会保险登记$"))
    )
    group_tile.click()
    expect(page).to_have_url(f"{site}/catalog/{SEED}/g/0/")
    expect(page.get_by_role("heading", level=1)).to_have_text("社会保险登记")

    page.get_by_role("link", name="职工参保登记", exact=True).click()
    expect(page).to_have_url(f"{site}/catalog/{SEED}/4/")
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
    pdf_link = page.get_by_role("link", name=re.compile("PDF"))
    response = page.request.get(urljoin(page.url, pdf_link.first.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
