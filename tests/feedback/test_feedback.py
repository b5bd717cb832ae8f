"""本页是否有用 / 我要纠错: a plain GET form on every page, a feedback page with the POST, staff see it all."""

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.feedback.models import FeedbackKind, PageFeedback

SEED = "zalaite-social-insurance"
ITEM = f"/bodies/zltq-rsj/catalog/{SEED}/4/"


def test_public_pages_ask_with_a_plain_get_form_and_set_no_cookie(client, seeded):
    response = client.get(ITEM)
    html = response.content.decode()
    assert "本页是否有用？" in html
    assert '<form method="get" action="/feedback/"' in html
    assert f'<input type="hidden" name="page" value="{ITEM}">' in html
    assert 'name="useful" value="yes"' in html and 'name="useful" value="no"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies  # the page stays the same for everyone, so it can be cached


def test_the_choice_opens_the_feedback_page_filled_in(client, seeded):
    html = client.get("/feedback/", {"page": ITEM, "useful": "no"}).content.decode()
    assert '<input type="radio" name="kind" value="not_useful" id="id_kind_1" required checked>' in html
    assert "csrfmiddlewaretoken" in html
    assert f'href="{ITEM}"' in html
    error = client.get("/feedback/", {"page": ITEM, "kind": "error"}).content.decode()
    assert '<input type="radio" name="kind" value="error" id="id_kind_2" required checked>' in error


def test_feedback_is_stored_audited_and_thanked(client, seeded):
    response = client.post("/feedback/", {"page": ITEM, "kind": "error", "text": "办公地址\u200b写错了"})
    assert response.status_code == 302
    assert response["Location"].startswith("/feedback/thanks/")
    saved = PageFeedback.objects.get()
    assert (saved.page, saved.kind, saved.text) == (ITEM, FeedbackKind.ERROR, "办公地址写错了")
    assert AuditEntry.objects.filter(action="feedback.received", target=ITEM).exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "谢谢您的意见" in thanks and f'href="{ITEM}"' in thanks


def test_a_page_that_is_not_ours_counts_as_the_whole_site(client, db):
    client.post("/feedback/", {"page": "https://evil.example/x", "kind": "not_useful"})
    client.post("/feedback/", {"page": "//evil.example/", "kind": "not_useful"})
    client.post("/feedback/", {"page": "/no/such/page/", "kind": "useful"})
    assert set(PageFeedback.objects.values_list("page", flat=True)) == {"/"}


def test_a_missing_or_overlong_page_is_the_whole_site_not_an_error_about_a_hidden_box(client, db):
    # The page travels in a hidden field: a visitor could not correct it, so it never blocks the feedback.
    for page in (None, "", "/" + "x" * 400):
        data = {"kind": "useful"} if page is None else {"page": page, "kind": "useful"}
        assert client.post("/feedback/", data).status_code == 302
    assert list(PageFeedback.objects.values_list("page", flat=True)) == ["/", "/", "/"]


def test_bad_input_redisplays_with_errors(client, db):
    response = client.post("/feedback/", {"page": "/", "kind": "maybe", "text": "长" * 501})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请选一项" in html and "请写在 500 字以内" in html
    assert not PageFeedback.objects.exists()


def test_feedback_is_rate_limited(client, db, monkeypatch):
    monkeypatch.setattr("gongkai.feedback.views.FEEDBACK_LIMIT", 2)
    for _ in range(2):
        assert client.post("/feedback/", {"page": "/", "kind": "useful"}).status_code == 302
    refused = client.post("/feedback/", {"page": "/", "kind": "useful"})
    assert refused.status_code == 429
    assert "请稍后再试" in refused.content.decode() and refused["Retry-After"]
    assert PageFeedback.objects.count() == 2


def test_staff_see_feedback_per_page_and_mark_it_handled(client, seeded, editor, outsider):
    for kind in ("useful", "useful", "not_useful", "error"):
        client.post(
            "/feedback/", {"page": ITEM, "kind": kind, "text": "材料没写清楚" if kind == "error" else ""}
        )
    client.force_login(outsider)
    assert client.get("/staff/feedback/").status_code == 403
    client.force_login(editor)
    dashboard = client.get("/staff/").content.decode()
    assert (
        "群众意见待处理" in dashboard
        and f"{ITEM}</a></td><td>2</td><td>1</td><td>1</td><td>2</td>" in dashboard
    )
    listing = client.get("/staff/feedback/").content.decode()
    assert "材料没写清楚" in listing and "待处理（2）" in listing
    error = PageFeedback.objects.get(kind=FeedbackKind.ERROR)
    assert client.post(f"/staff/feedback/{error.pk}/handled/").status_code == 302
    error.refresh_from_db()
    assert error.is_handled and error.handled_by == editor
    assert AuditEntry.objects.filter(action="feedback.handled", actor=editor).exists()
    assert "待处理（1）" in client.get("/staff/feedback/").content.decode()


@pytest.mark.parametrize("url", ["/staff/", "/staff/feedback/"])
def test_staff_pages_carry_no_public_feedback_form(client, editor, url, db):
    client.force_login(editor)
    assert 'name="useful"' not in client.get(url).content.decode()
