"""Every role in a real Chromium (issue 13): log in, follow every link of the staff navigation and open the
guide pages; no English error page anywhere, and no button for a step the role cannot take.

Screenshots land in GONGKAI_SCREENSHOTS when set.
"""

import datetime

import pytest

from tests.browser.helpers import no_horizontal_scroll, screenshot_dir

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-9"
PHONE = {"width": 360, "height": 740}
ENGLISH = ("Forbidden", "Not Found", "Server Error", "Page not found", "CSRF verification failed")
# Pages of other apps that the navigation may name before they exist on this branch.
ELSEWHERE: set[str] = set()

# Buttons and the roles that may press them.
BUTTONS = {
    "开始编写办事指南": {"编辑"},
    "修改办事指南（新建版本）": {"编辑"},
    "继续编辑": {"编辑"},
    "批准发布": {"审核"},
    "退回修改": {"审核"},
    "撤下": {"审核", "政务公开办"},
    "添加工作人员": {"政务公开办"},
    "添加服务站": {"政务公开办"},
    "确认已张贴": {"服务站", "政务公开办"},
    "确认": {"编辑", "政务公开办", "服务站"},
}

ROLES = {
    "bianji": ["编辑"],
    "shenhe": ["审核"],
    "gongkaiban": ["政务公开办"],
    "fuwuzhan": ["服务站"],
    "xinxi": ["个人信息查看"],
    "fuzeren": ["机构负责人"],
    "wujuese": [],
}


@pytest.fixture
def office_site(transactional_db, live_server, django_user_model):
    """The seed catalog; item 4 published (with a station to post it), item 5 waiting for review."""
    from gongkai.accounts.roles import Role, grant
    from gongkai.catalog.models import Catalog, Channel
    from gongkai.catalog.services import load_seed_if_empty
    from gongkai.guides import services
    from tests.guides.helpers import FULL_CONTENT, publish

    load_seed_if_empty(actor_label="test")
    people = {}
    for username, roles in ROLES.items():
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", PASSWORD, is_staff=True
        )
        grant(user, *[Role(r) for r in roles])
        people[username] = user
    catalog = Catalog.objects.get(slug="zalaite-social-insurance")
    author = django_user_model.objects.create_user("author", "author@example.org", None, is_staff=True)
    grant(author, Role.EDITOR)
    platform = Channel.objects.get(name="基层公共服务平台")
    services.save_station(
        None,
        name="巴彦乌兰嘎查便民服务站",
        channel=platform,
        users=[people["fuwuzhan"]],
        acting_user=people["gongkaiban"],
    )
    published = publish(
        catalog.items.get(seq=4), author, people["shenhe"], formed_on=datetime.date(2026, 11, 2)
    )
    rev = services.start_revision(catalog.items.get(seq=5), acting_user=author)
    services.save_draft(
        rev,
        content=FULL_CONTENT,
        is_major=False,
        change_note="",
        formed_on=datetime.date(2026, 11, 2),
        acting_user=author,
    )
    submitted = services.submit_revision(rev, acting_user=author)
    extra = [
        f"/staff/guides/item/{published.item_id}/",
        f"/staff/guides/rev/{published.pk}/",
        f"/staff/guides/rev/{submitted.pk}/",
    ]
    return live_server.url, extra


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _nav_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav[aria-label='工作人员导航'] a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in hrefs if h.startswith("/")]


def _buttons(page) -> list[str]:
    return page.eval_on_selector_all(
        "main button, main input[type=submit]",
        "els => els.map(e => (e.innerText || e.value || '').trim())",
    )


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_meets_no_english_error_and_no_button_it_cannot_use(
    new_context, office_site, username, tmp_path
):
    base, extra = office_site
    roles = set(ROLES[username])
    shots = screenshot_dir(tmp_path)
    page = new_context(viewport=PHONE).new_page()
    _log_in(page, base, username)
    # Logging in lands on the staff home: a page of one's own, or a Chinese page saying what is missing.
    assert page.url == base + "/staff/" or "/staff/stations/" in page.url, page.url
    problems = []
    nav = _nav_links(page)
    for path in dict.fromkeys(["/staff/", *nav, *extra]):
        if path in ELSEWHERE:
            continue
        response = page.goto(base + path)
        text = page.inner_text("body")
        for word in ENGLISH:
            if word in text:
                problems.append(f"{path}: English error text {word!r}")
        if page.url.startswith(base + "/staff/") and "工作人员导航" not in page.content():
            problems.append(f"{path}: no staff navigation")
        # The navigation never leads to a refusal; other pages may refuse, in Chinese, naming the roles.
        if response.status == 403 and path not in nav:
            if "需要以下角色之一" not in text:
                problems.append(f"{path}: a refusal that does not say which role is needed")
        elif response.status >= 400:
            problems.append(f"{path}: status {response.status}")
        for label in _buttons(page):
            allowed = BUTTONS.get(label)
            if allowed is not None and not (allowed & roles):
                problems.append(f"{path}: button {label!r} for a role without {sorted(allowed)}")
        fits, width, inner = no_horizontal_scroll(page)
        if not fits:
            problems.append(f"{path}: {width}px wide in a {inner}px window")
    page.screenshot(path=str(shots / f"roles-{username}.png"), full_page=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("gongkaiban", ["/staff/people/", "/staff/people/new/", "/staff/stations/manage/", "/staff/guides/"]),
        ("fuwuzhan", ["/staff/stations/"]),
        ("shenhe", ["/staff/tasks/"]),
        ("wujuese", ["/staff/"]),
    ],
)
def test_the_new_staff_pages_have_no_axe_findings(new_context, office_site, username, paths):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.helpers import describe_violations

    base, _extra = office_site
    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        "resultTypes": ["violations"],
    }
    page = new_context(viewport=PHONE).new_page()
    _log_in(page, base, username)
    problems = []
    for path in paths:
        page.goto(base + path)
        found = Axe().run(page, options=options).response["violations"]
        if found:
            problems.append(f"{path}:\n" + describe_violations(found))
    assert not problems, "\n".join(problems)
