"""A county in a real Chromium: a township's staff cannot open the 人社局's application, and the county's
政务公开办 drills from the tree of bodies down to it (issue 14)."""

import datetime

import pytest

from tests.browser.helpers import PHONE, screenshot_dir

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"


@pytest.fixture
def county_site(transactional_db, live_server, django_user_model):
    """The demo county, the seed catalog under its 人社局, an overdue application there; the township's
    office and editor, and the county office."""
    from gongkai.accounts.roles import Role, grant
    from gongkai.bodies.models import Body
    from gongkai.bodies.services import load_demo_county
    from gongkai.catalog.services import load_seed_if_empty
    from gongkai.inforequests import services
    from gongkai.inforequests.choices import Channel
    from tests.inforequests.helpers import FIELDS

    load_demo_county()
    load_seed_if_empty(actor_label="test")
    bodies = {body.code: body for body in Body.objects.all()}
    people = {}
    for username, body, roles in (
        ("xian", "zltq", [Role.DISCLOSURE_OFFICE, Role.PRIVACY]),
        ("zhen", "zltq-ydez", [Role.DISCLOSURE_OFFICE, Role.EDITOR]),
    ):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True
        )
        grant(user, *roles, body=bodies[body])
        people[username] = user
    app = services.submit_application(
        dict(FIELDS),
        channel=Channel.IN_PERSON,
        body=bodies["zltq-rsj"],
        received_on=datetime.date(2026, 9, 1),
        registered_by=people["xian"],
    )
    return live_server.url, app


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_township_cannot_open_the_bureaus_application(new_context, county_site, tmp_path):
    base, app = county_site
    page = new_context(viewport=PHONE).new_page()
    _log_in(page, base, "zhen")
    response = page.goto(f"{base}/staff/requests/{app.pk}/")
    assert response.status == 404
    body = page.inner_text("body")
    assert "找不到这个页面" in body and "工作人员导航" in page.content()
    assert app.code not in page.content()
    page.goto(f"{base}/staff/requests/?show=all")
    assert app.code not in page.content()
    page.screenshot(path=str(screenshot_dir(tmp_path) / "township-404.png"), full_page=True)


def test_the_county_office_drills_from_the_tree_to_the_application(new_context, county_site, tmp_path):
    base, app = county_site
    page = new_context().new_page()
    _log_in(page, base, "xian")
    page.goto(base + "/staff/")
    tree = page.locator("table.body-tree")
    assert "扎赉特旗人民政府（合计）" in tree.inner_text()
    # The county's own row counts the bureau's overdue application; the bureau's row links to its applications.
    bureau = tree.locator("tr", has_text="扎赉特旗人力资源社会保障局")
    bureau.get_by_role("link", name="扎赉特旗人力资源社会保障局").click()
    page.wait_for_url("**/staff/?body=zltq-rsj")
    assert "公开时限看板：扎赉特旗人力资源社会保障局" in page.inner_text("h1")
    page.locator("table.body-tree").get_by_role("link", name="1").first.click()
    page.wait_for_url("**/staff/requests/?body=zltq-rsj")
    page.get_by_role("link", name=app.code).click()
    page.wait_for_url(f"**/staff/requests/{app.pk}/")
    assert app.code in page.inner_text("main")
    page.screenshot(path=str(screenshot_dir(tmp_path) / "county-drilldown.png"), full_page=True)
