"""The table and the notice-board packs are rendered once per change of the site, then served from a file."""

import threading
import time

import pytest
from django.utils import timezone

from gongkai.portal import pdf_store, pdf_views
from gongkai.printing import by_language
from gongkai.publishing.models import SiteState
from tests.guides.helpers import publish

SEED = "zalaite-social-insurance"


@pytest.fixture
def renders(monkeypatch):
    """Count real renders of the stored documents."""
    counted = []
    real = pdf_views.render_pdf

    def counting(template_name, context, **kwargs):
        counted.append(template_name)
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(pdf_views, "render_pdf", counting)  # the table
    monkeypatch.setattr(by_language, "render_pdf", counting)  # the packs, printed in the page's language
    return counted


def _pdf(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_a_stored_pdf_is_rendered_once_and_then_served_from_its_file(client, seeded, renders, settings):
    url = f"/bodies/zltq-rsj/catalog/{SEED}/levels/1/pack.pdf"
    first = _pdf(client, url)
    second = _pdf(client, url)
    assert first == second and first.startswith(b"%PDF")
    assert renders == ["portal/pdf/pack.html"]
    stored = list((settings.DATA_DIR / "pdf").glob(f"{SEED}-level-1--*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == first
    _pdf(client, f"/bodies/zltq-rsj/catalog/{SEED}/table.pdf")
    _pdf(client, f"/bodies/zltq-rsj/catalog/{SEED}/table.pdf")
    assert renders == ["portal/pdf/pack.html", "portal/pdf/table.html"]


def test_a_change_to_the_site_renders_a_new_version_and_drops_the_old(
    client, seeded, renders, settings, editor, reviewer
):
    url = f"/bodies/zltq-rsj/catalog/{SEED}/levels/1/pack.pdf"
    before = _pdf(client, url)
    publish(seeded.items.get(seq=4), editor, reviewer, formed_on=timezone.localdate())
    after = _pdf(client, url)
    assert before != after and len(renders) == 2
    assert len(list((settings.DATA_DIR / "pdf").glob(f"{SEED}-level-1--*.pdf"))) == 1


def test_each_address_gets_its_own_copy(client, seeded, renders, settings):
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["testserver", "192.168.1.20"]
    _pdf(client, f"/bodies/zltq-rsj/catalog/{SEED}/table.pdf")
    client.get(f"/bodies/zltq-rsj/catalog/{SEED}/table.pdf", HTTP_HOST="192.168.1.20:8000")
    assert len(renders) == 2  # its QR code must lead back to 192.168.1.20
    assert len(list((settings.DATA_DIR / "pdf").glob(f"{SEED}-table--*.pdf"))) == 2


def test_only_one_render_runs_at_a_time(settings):
    calls, started = [], threading.Event()

    def slow_render():
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return b"%PDF-1.7 test"

    results = []

    def fetch():
        results.append(pdf_store.stored_pdf("doc", base_url="http://x", stamp="s1", render=slow_render))

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len({str(path) for path in results}) == 1
    assert results[0].read_bytes() == b"%PDF-1.7 test"


def test_a_publication_renders_the_packs_in_the_background_once_committed(
    seeded, editor, reviewer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    jobs = []
    # The job runs here, not in a thread: the thread's own connection could not see this test's data.
    monkeypatch.setattr(pdf_views, "render_in_background", lambda job: jobs.append(job) or job())
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded.items.get(seq=4), editor, reviewer, formed_on=timezone.localdate())
    assert len(jobs) == 1
    stamp = pdf_store.stamp_of(SiteState.current())
    stored = sorted(path.name for path in (settings.DATA_DIR / "pdf").glob("*.pdf"))
    assert len(stored) == 1 + len(seeded.level_options) and all(stamp in name for name in stored)


def test_the_background_runner_logs_failures_and_can_be_turned_off(monkeypatch, caplog):
    monkeypatch.setattr(pdf_store, "RENDER_IN_BACKGROUND", True)

    def broken():
        raise RuntimeError("font missing")

    thread = pdf_store.render_in_background(broken)
    thread.join(5)
    assert "PDF 后台生成失败" in caplog.text
    monkeypatch.setattr(pdf_store, "RENDER_IN_BACKGROUND", False)
    assert pdf_store.render_in_background(broken) is None
